import { useEffect, useState } from 'react';
import { greeting, Health, parseHealth } from './health';

export function App() {
  const [health, setHealth] = useState<Health>({ status: 'unknown' });

  useEffect(() => {
    fetch('/health')
      .then(res => res.json())
      .then(body => setHealth(parseHealth(body)))
      .catch(() => setHealth({ status: 'down' }));
  }, []);

  return (
    <main>
      <h1>{greeting('${{ values.name }}')}</h1>
      <p>Status: {health.status}</p>
    </main>
  );
}
