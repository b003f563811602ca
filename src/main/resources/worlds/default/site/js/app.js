// Lists the shop's users from the application server (GET /api/users, answered from the database).
fetch('/api/users').then(r => r.json()).then(users => {
  const ul = document.getElementById('users');
  for (const u of users) {
    const li = document.createElement('li');
    li.textContent = u.name;
    ul.appendChild(li);
  }
});
