-- The application's users: GET /api/users returns them as JSON.
CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(80));
INSERT INTO users VALUES
  (1, 'Ada Lovelace', 'ada@example.com'),
  (2, 'Alan Turing', 'alan@example.com'),
  (3, 'Grace Hopper', 'grace@example.com');
