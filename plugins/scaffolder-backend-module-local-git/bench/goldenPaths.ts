/*
 * Seconds from template submission to the new entity being visible in the
 * catalog, per golden-path template, against a running portal (guest
 * sign-in, publish:local-git). Usage: goldenPaths.ts [backendBaseUrl]
 */

const baseUrl = process.argv[2] ?? 'http://localhost:7007';

async function main() {
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`);
  if (!refresh.ok) {
    throw new Error(
      `guest sign-in failed: ${refresh.status} ${await refresh.text()}`,
    );
  }
  const token = (await refresh.json()).backstageIdentity.token;
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: res.status,
      body: await res.json().catch(() => undefined),
    };
  };

  // Every golden path the portal offers (templates/all.yaml).
  const offered = await call(
    'GET',
    '/api/catalog/entities?filter=kind=template,metadata.tags=golden-path&fields=metadata.name',
  );
  const templates: string[] = (offered.body ?? []).map(
    (t: { metadata: { name: string } }) => t.metadata.name,
  );
  if (templates.length === 0) {
    throw new Error(
      `no golden-path templates in the catalog: ${offered.status}`,
    );
  }

  const run = Date.now().toString(36);
  const results: Array<{ template: string; name: string; seconds: number }> =
    [];
  for (const template of templates) {
    const name = `bench-${template.split('-')[0]}-${run}`;
    const started = performance.now();
    const task = await call('POST', '/api/scaffolder/v2/tasks', {
      templateRef: `template:default/${template}`,
      values: {
        name,
        description: 'Benchmark run',
        owner: 'group:default/platform',
        system: 'system:default/developer-platform',
        publishTo: 'local',
      },
    });
    if (task.status !== 201) {
      throw new Error(
        `${template}: ${task.status} ${JSON.stringify(task.body)}`,
      );
    }
    for (;;) {
      const entity = await call(
        'GET',
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
      if (entity.status === 200) break;
      const state = await call(
        'GET',
        `/api/scaffolder/v2/tasks/${task.body.id}`,
      );
      if (['failed', 'cancelled'].includes(state.body?.status)) {
        throw new Error(
          `${template}: task ${task.body.id} ${state.body.status}`,
        );
      }
      if (performance.now() - started > 120_000) {
        throw new Error(`${template}: entity not visible after 120 s`);
      }
      await new Promise(r => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    results.push({ template, name, seconds });
    console.log(`${template.padEnd(26)} ${seconds.toFixed(2)} s  (${name})`);
  }
  // Unregister what the benchmark created (the local repositories stay, under
  // unique names, in scaffolder.localGit.baseDir).
  const locations = await call('GET', '/api/catalog/locations');
  let unregistered = 0;
  for (const { name } of results) {
    const location = (locations.body as any[]).find(l =>
      String(l.data?.target ?? l.target).includes(`/checkouts/${name}/`),
    );
    const entity = await call(
      'GET',
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    if (location) {
      await call(
        'DELETE',
        `/api/catalog/locations/${location.data?.id ?? location.id}`,
      );
    }
    if (entity.status === 200) {
      unregistered += 1;
      await call(
        'DELETE',
        `/api/catalog/entities/by-uid/${entity.body.metadata.uid}`,
      );
    }
  }
  console.log(`unregistered ${unregistered} benchmark components`);
  const worst = Math.max(...results.map(r => r.seconds));
  console.log(`slowest ${worst.toFixed(2)} s (target < 15 s)`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
