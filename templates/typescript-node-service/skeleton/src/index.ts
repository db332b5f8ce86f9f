import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 8080);
const server = createApp().listen(port, () => {
  console.log(`${{ values.name }} listening on :${port}`);
});

process.on('SIGTERM', () => server.close());
