// Lists the shop's users from the application server (GET /api/users, answered from the database).
fetch('/api/users').then(r => r.json()).then(users => {
  const ul = document.getElementById('users');
  for (const u of users) {
    const li = document.createElement('li');
    li.textContent = u.name;
    ul.appendChild(li);
  }
});

// Once the page has loaded, opens the live feed: a WebSocket to the chat server's lobby, which
// pushes the room's news (who joined, what was said) as it happens.
window.addEventListener('load', () => {
  const feed = new WebSocket('wss://chat.example.com/room/lobby');
  feed.onmessage = (m) => console.log('live:', m.data);
});
