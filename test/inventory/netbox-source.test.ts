import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BotError } from '../../src/domain/errors.ts';
import { NetBoxSource, type NetBoxOptions } from '../../src/infrastructure/inventory-sources/netbox-source.ts';
import { netBoxAuthorization } from '../../src/infrastructure/inventory-sources/netbox-client.ts';
import { createLogger, silentLogger } from '../../src/infrastructure/log.ts';
import { systemClock } from '../../src/infrastructure/clock.ts';
import { FAKE_V1_TOKEN, FAKE_V2_TOKEN, FakeNetBox, type FakeDevice, type FakeNetBoxOptions } from '../fakes/fake-netbox.ts';

const DEVICE_FIELDS = ['id', 'name', 'site', 'device_type', 'platform', 'primary_ip4', 'primary_ip6', 'tags', 'custom_fields'];

function device(id: number, overrides: Partial<FakeDevice> = {}): FakeDevice {
  return {
    id,
    name: `fw-${String(id).padStart(3, '0')}`,
    site: id % 2 === 0 ? 'Amsterdam DC1' : 'London Edge',
    tenant: 'Network Security',
    platform: 'ScreenOS',
    primaryIp4: `10.0.${Math.floor(id / 256)}.${id % 256}/24`,
    tags: id % 3 === 0 ? ['exposure=internet', 'dmz'] : ['pci'],
    customFields: { software_version: '6.3.0r19', owner: `team${id % 4}@example.com` },
    ...overrides,
  };
}

function fleet(count: number): FakeDevice[] {
  return Array.from({ length: count }, (_, i) => device(i + 1));
}

interface Harness {
  readonly source: NetBoxSource;
  readonly sleeps: number[];
  readonly logLines: string[];
}

/** A source pointed at `fake`, on a clock whose sleep records the pause and returns at once. */
function sourceFor(fake: FakeNetBox, overrides: Partial<NetBoxOptions> = {}): Harness {
  const sleeps: number[] = [];
  const logLines: string[] = [];
  const source = new NetBoxSource({
    url: fake.url,
    token: FAKE_V1_TOKEN,
    filters: {},
    versionField: 'software_version',
    owner: { from: 'tenant' },
    pageSize: 10,
    timeoutMs: 5000,
    retries: 3,
    log: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    clock: {
      ...systemClock,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    },
    ...overrides,
  });
  return { source, sleeps, logLines };
}

/** Starts a fake for each test and stops it afterwards. */
async function withFake<T>(options: Partial<FakeNetBoxOptions>, run: (fake: FakeNetBox) => Promise<T>): Promise<T> {
  const fake = await new FakeNetBox({ devices: fleet(5), v1Token: FAKE_V1_TOKEN, v2Token: FAKE_V2_TOKEN, ...options }).start();
  try {
    return await run(fake);
  } finally {
    await fake.stop();
  }
}

function isBotError(code: string, message: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof BotError, `expected a BotError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

describe('NetBoxSource', () => {
  describe('pagination', () => {
    let fake: FakeNetBox;
    before(async () => {
      fake = await new FakeNetBox({ devices: fleet(25), v1Token: FAKE_V1_TOKEN, prefix: '/netbox', publicOrigin: 'http://netbox.internal:8080' }).start();
    });
    after(() => fake.stop());

    it('loads every device across pages whose next links name another host', async () => {
      const { source } = sourceFor(fake);
      const read = await source.read();

      assert.equal(read.devices.length, 25);
      assert.deepEqual(read.rejected, []);
      const pages = fake.requestsTo('/api/dcim/devices/');
      assert.deepEqual(
        pages.map((r) => r.query.get('offset')),
        [null, '10', '20'],
      );
      assert.ok(
        fake.requests.every((r) => r.host === fake.host && r.status === 200),
        'every request went to the fake itself',
      );
      for (const page of pages) {
        assert.deepEqual(page.query.get('fields')?.split(',').sort(), [...DEVICE_FIELDS, 'tenant'].sort());
        assert.equal(page.query.get('limit'), '10');
      }
    });

    it('describes itself by its configured URL, prefix included', () => {
      assert.equal(sourceFor(fake, { url: `${fake.url}/` }).source.description, `NetBox ${fake.url}`);
    });

    it('maps site, management IP, tags and reference from NetBox’s nested objects', async () => {
      const read = await sourceFor(fake).source.read();
      assert.deepEqual(read.devices[2], {
        name: 'fw-003',
        site: 'London Edge',
        owner: 'Network Security',
        version: '6.3.0r19',
        product: 'ScreenOS',
        platform: 'SSG-140',
        managementIp: '10.0.0.3',
        tags: ['exposure=internet', 'dmz'],
        ref: 'NetBox device 3',
      });
    });
  });

  describe('tokens', () => {
    it('sends a v1 token as `Token …`', async () => {
      await withFake({}, async (fake) => {
        await sourceFor(fake, { token: FAKE_V1_TOKEN }).source.read();
        assert.equal(fake.requests[0]?.authorization, `Token ${FAKE_V1_TOKEN}`);
      });
    });

    it('sends a v2 token as `Bearer nbt_…`', async () => {
      await withFake({}, async (fake) => {
        const read = await sourceFor(fake, { token: FAKE_V2_TOKEN }).source.read();
        assert.equal(read.devices.length, 5);
        assert.equal(fake.requests[0]?.authorization, `Bearer ${FAKE_V2_TOKEN}`);
      });
    });

    it('says the token was refused, without retrying and without the token', async () => {
      await withFake({}, async (fake) => {
        const wrong = 'fedcba9876543210fedcba9876543210fedcba98';
        const { source, sleeps } = sourceFor(fake, { token: wrong });
        await assert.rejects(source.read(), (error) => {
          assert.ok(!(error as Error).message.includes(wrong));
          return isBotError('netbox_unreachable', /^NetBox refused the token \(HTTP 403\): Invalid token; check NETBOX_TOKEN$/)(error);
        });
        assert.equal(fake.requests.length, 1);
        assert.deepEqual(sleeps, []);
      });
    });

    it('refuses to start with a token of neither form', () => {
      assert.equal(netBoxAuthorization('not-a-token'), null);
      assert.throws(
        () => new NetBoxSource({ ...sourceOptions(), token: 'hunter2' }),
        (error) => {
          assert.ok(!(error as Error).message.includes('hunter2'));
          return isBotError('invalid_config', /neither a v1 token .* nor a v2 token/)(error);
        },
      );
    });
  });

  describe('filters', () => {
    it('passes every filter value through to NetBox and loads only what it returns', async () => {
      await withFake({ devices: fleet(12) }, async (fake) => {
        const filters = { site: ['amsterdam-dc1'], tag: ['exposure-internet', 'dmz'], status: ['active'] };
        const read = await sourceFor(fake, { filters }).source.read();
        const query = fake.requests[0]?.query;
        assert.deepEqual(query?.getAll('site'), ['amsterdam-dc1']);
        assert.deepEqual(query?.getAll('tag'), ['exposure-internet', 'dmz']);
        assert.deepEqual(query?.getAll('status'), ['active']);
        assert.deepEqual(
          read.devices.map((d) => d.name),
          ['fw-006', 'fw-012'],
        );
      });
    });

    it('repeats a filter over the later pages too', async () => {
      await withFake({ devices: fleet(30) }, async (fake) => {
        const read = await sourceFor(fake, { filters: { platform: ['screenos'] }, pageSize: 10 }).source.read();
        assert.equal(read.devices.length, 30);
        assert.ok(fake.requests.every((r) => r.query.get('platform') === 'screenos'));
      });
    });

    it('passes on NetBox’s complaint about a filter value it does not know', async () => {
      await withFake({}, async (fake) => {
        await assert.rejects(
          sourceFor(fake, { filters: { site: ['atlantis'] } }).source.read(),
          isBotError('netbox_bad_response', /^HTTP 400 from NetBox: site: Select a valid choice\. atlantis/),
        );
      });
    });

    it('refuses a filter that would override the paging', () => {
      assert.throws(() => new NetBoxSource({ ...sourceOptions(), filters: { limit: ['5'] } }), isBotError('invalid_config', /cannot set limit/));
    });
  });

  describe('owners', () => {
    const devices = [
      device(1, { tenant: 'Retail IT', customFields: { software_version: '6.3.0r19', owner: 'retail@example.com' } }),
      device(2, { tenant: null, customFields: { software_version: '6.3.0r19', owner: { id: 4, display: 'Kim', username: 'kim' } } }),
      device(3, { customFields: { software_version: '6.3.0r19', owner: null } }),
    ];
    const contacts = [
      { id: 1, name: 'Ana Ruiz', email: 'ana@example.com' },
      { id: 2, name: 'Night shift' },
      { id: 3, name: 'Old owner', email: 'old@example.com' },
    ];
    const assignments = [
      { id: 1, deviceId: 1, contactId: 2, priority: 'secondary' as const },
      { id: 2, deviceId: 1, contactId: 1, priority: 'primary' as const },
      { id: 3, deviceId: 2, contactId: 3, priority: 'inactive' as const },
      { id: 4, deviceId: 2, contactId: 2, priority: null },
    ];

    it('reads the owner from the tenant', async () => {
      await withFake({ devices }, async (fake) => {
        const read = await sourceFor(fake, { owner: { from: 'tenant' } }).source.read();
        assert.deepEqual(
          read.devices.map((d) => [d.name, d.owner]),
          [
            ['fw-001', 'Retail IT'],
            ['fw-003', 'Network Security'],
          ],
        );
        assert.deepEqual(read.rejected, [{ ref: 'NetBox device 2 (fw-002)', reason: 'owner is missing' }]);
      });
    });

    it('reads the owner from a custom field, text or a user object', async () => {
      await withFake({ devices }, async (fake) => {
        const read = await sourceFor(fake, { owner: { from: 'custom_field', field: 'owner' } }).source.read();
        assert.deepEqual(
          read.devices.map((d) => [d.name, d.owner]),
          [
            ['fw-001', 'retail@example.com'],
            ['fw-002', 'kim'],
          ],
        );
        assert.deepEqual(read.rejected, [{ ref: 'NetBox device 3 (fw-003)', reason: 'owner is missing' }]);
      });
    });

    it('reads the owner from the primary contact’s email, else the first active contact’s name', async () => {
      await withFake({ devices, contacts, assignments }, async (fake) => {
        const read = await sourceFor(fake, { owner: { from: 'contact' } }).source.read();
        assert.deepEqual(
          read.devices.map((d) => [d.name, d.owner]),
          [
            ['fw-001', 'ana@example.com'],
            ['fw-002', 'Night shift'],
          ],
        );
        assert.deepEqual(read.rejected, [{ ref: 'NetBox device 3 (fw-003)', reason: 'owner is missing' }]);
        const listed = fake.requestsTo('/api/tenancy/contact-assignments/');
        assert.equal(listed.length, 1);
        assert.equal(listed[0]?.query.get('object_type'), 'dcim.device');
        assert.deepEqual(fake.requestsTo('/api/tenancy/contacts/')[0]?.query.getAll('id').sort(), ['1', '2']);
        assert.equal(fake.requestsTo('/api/dcim/devices/')[0]?.query.get('fields')?.includes('tenant'), false);
      });
    });

    it('warns when no device has the owner custom field at all', async () => {
      await withFake({}, async (fake) => {
        const { source, logLines } = sourceFor(fake, { owner: { from: 'custom_field', field: 'responsible' } });
        const read = await source.read();
        assert.equal(read.rejected.length, 5);
        assert.ok(logLines.some((l) => l.includes('no NetBox device has the owner custom field') && l.includes('responsible')));
      });
    });
  });

  describe('rows', () => {
    it('rejects a device without a name by its NetBox id while the others load', async () => {
      await withFake({ devices: [device(1), device(2, { name: null }), device(3)] }, async (fake) => {
        const read = await sourceFor(fake).source.read();
        assert.deepEqual(
          read.devices.map((d) => d.name),
          ['fw-001', 'fw-003'],
        );
        assert.deepEqual(read.rejected, [{ ref: 'NetBox device 2', reason: 'name is missing' }]);
      });
    });

    it('keeps a device whose version cannot be read, to be checked by hand', async () => {
      await withFake({ devices: [device(1), device(2, { customFields: { software_version: '6.3.0rx1' } })] }, async (fake) => {
        const read = await sourceFor(fake).source.read();
        assert.deepEqual(
          read.devices.map((d) => d.name),
          ['fw-001', 'fw-002'],
        );
        assert.deepEqual(read.rejected, []);
        assert.equal(read.devices[1]?.versionProblem, 'version “6.3.0rx1” cannot be read: check it by hand');
      });
    });

    it('reads the model from the device type and the product from the platform, across pages', async () => {
      const devices = [
        device(1, { deviceType: 'SRX345', platform: 'Junos', customFields: { software_version: '21.4R3-S4' } }),
        device(2, { deviceType: 'EX4300-48T', platform: 'Juniper Junos OS', customFields: { software_version: '22.3R2-S2' } }),
        device(3, { deviceType: 'PTX10001-36MR', platform: 'Junos OS Evolved', customFields: { software_version: '22.3R3-S1-EVO' } }),
        device(4, { deviceType: 'PTX10008', platform: 'junos-evo', customFields: { software_version: '22.4R1-EVO' } }),
        device(5, { deviceType: 'ISG-2000', platform: 'ScreenOS', customFields: { software_version: '6.3.0r19' } }),
      ];
      await withFake({ devices }, async (fake) => {
        const read = await sourceFor(fake, { pageSize: 2 }).source.read();
        assert.equal(fake.requestsTo('/api/dcim/devices/').length, 3);
        assert.deepEqual(
          read.devices.map((d) => [d.name, d.platform, d.product]),
          [
            ['fw-001', 'SRX345', 'Junos OS'],
            ['fw-002', 'EX4300-48T', 'Junos OS'],
            ['fw-003', 'PTX10001-36MR', 'Junos OS Evolved'],
            ['fw-004', 'PTX10008', 'Junos OS Evolved'],
            ['fw-005', 'ISG-2000', 'ScreenOS'],
          ],
        );
        assert.deepEqual(
          read.devices.slice(0, 2).map((d) => d.versionProblem),
          [undefined, undefined],
          'Junos devices are kept for the Junos bulletins',
        );
      });
    });

    it('never takes a platform named like hardware as the model: the device type gives it', async () => {
      await withFake({ devices: [device(1, { deviceType: 'SRX1500', platform: 'SRX', customFields: { software_version: '21.4R3-S4' } })] }, async (fake) => {
        const [only] = (await sourceFor(fake).source.read()).devices;
        assert.equal(only?.platform, 'SRX1500');
      });
    });

    it('takes the product from the version when the platform names none, and flags a Junos release on a ScreenOS platform', async () => {
      const devices = [
        device(1, { platform: null, deviceType: 'SRX345', customFields: { software_version: '21.4R3-S4' } }),
        device(2, { platform: 'Linux', customFields: { software_version: '6.3.0r19' } }),
        device(3, { platform: 'ScreenOS', deviceType: 'SRX345', customFields: { software_version: '21.4R3-S4' } }),
      ];
      await withFake({ devices }, async (fake) => {
        const read = await sourceFor(fake).source.read();
        assert.deepEqual(
          read.devices.map((d) => d.product),
          ['Junos OS', 'ScreenOS', 'ScreenOS'],
        );
        assert.deepEqual(
          read.devices.map((d) => d.versionProblem),
          [undefined, undefined, 'version “21.4R3-S4” is a Junos OS version but the product is ScreenOS: check it by hand'],
        );
      });
    });

    it('takes a Junos platform as Junos OS and falls back to the IPv6 address without its prefix length', async () => {
      const junos = device(1, { platform: 'Juniper Junos', primaryIp4: null, primaryIp6: '2001:db8::1/64', customFields: { software_version: '12.3X48-D10' } });
      await withFake({ devices: [junos] }, async (fake) => {
        const read = await sourceFor(fake).source.read();
        assert.equal(read.devices[0]?.product, 'Junos OS');
        assert.equal(read.devices[0]?.managementIp, '2001:db8::1');
      });
    });

    it('warns when no device has the version custom field at all, and keeps the devices to be checked by hand', async () => {
      await withFake({}, async (fake) => {
        const { source, logLines } = sourceFor(fake, { versionField: 'os_version' });
        const read = await source.read();
        assert.deepEqual(read.rejected, []);
        assert.deepEqual(new Set(read.devices.map((d) => d.versionProblem)), new Set(['version is missing: check it by hand']));
        assert.ok(logLines.some((l) => l.includes('no NetBox device has the version custom field')));
      });
    });
  });

  describe('failures', () => {
    it('retries a 503 with growing backoff, logs each retry without the token, and loads everything', async () => {
      await withFake({}, async (fake) => {
        fake.inject({ kind: 'status', status: 503 }, 2);
        const { source, sleeps, logLines } = sourceFor(fake);
        const read = await source.read();
        assert.equal(read.devices.length, 5);
        assert.deepEqual(
          fake.requests.map((r) => r.status),
          [503, 503, 200],
        );
        assert.equal(sleeps.length, 2);
        assert.ok(sleeps[0]! >= 250 && sleeps[0]! <= 500, `first pause ${sleeps[0]}`);
        assert.ok(sleeps[1]! >= 500 && sleeps[1]! <= 1000, `second pause ${sleeps[1]}`);
        const warnings = logLines.filter((l) => l.includes('"level":"warn"'));
        assert.equal(warnings.length, 2);
        assert.ok(warnings.every((l) => l.includes('HTTP 503 from NetBox') && !l.includes(FAKE_V1_TOKEN)));
      });
    });

    it('waits as long as Retry-After asks', async () => {
      await withFake({}, async (fake) => {
        fake.inject({ kind: 'status', status: 429, retryAfter: '7' });
        const { source, sleeps } = sourceFor(fake);
        await source.read();
        assert.deepEqual(sleeps, [7000]);
      });
    });

    it('gives up with HTTP 503 when NetBox keeps failing', async () => {
      await withFake({}, async (fake) => {
        fake.inject({ kind: 'status', status: 503 }, 10);
        const { source, sleeps } = sourceFor(fake, { retries: 2 });
        await assert.rejects(source.read(), isBotError('netbox_unreachable', /^HTTP 503 from NetBox \(after 3 attempts\)$/));
        assert.equal(fake.requests.length, 3);
        assert.equal(sleeps.length, 2);
      });
    });

    it('gives up at once when Retry-After asks for longer than a chat answer can wait', async () => {
      await withFake({}, async (fake) => {
        fake.inject({ kind: 'status', status: 503, retryAfter: '3600' });
        const { source, sleeps } = sourceFor(fake);
        await assert.rejects(source.read(), isBotError('netbox_unreachable', /^HTTP 503 from NetBox \(it asked to wait 3600 s\)$/));
        assert.deepEqual(sleeps, []);
      });
    });

    it('reports malformed JSON as a bad response', async () => {
      await withFake({}, async (fake) => {
        fake.inject({ kind: 'malformed' });
        await assert.rejects(sourceFor(fake).source.read(), isBotError('netbox_bad_response', /^NetBox sent malformed JSON$/));
      });
    });

    it('reports a timeout when NetBox answers too slowly', async () => {
      await withFake({}, async (fake) => {
        fake.inject({ kind: 'slow', ms: 5000 }, 2);
        const { source } = sourceFor(fake, { timeoutMs: 50, retries: 1 });
        await assert.rejects(source.read(), isBotError('netbox_unreachable', /^NetBox did not answer within 50 ms \(after 2 attempts\); check NETBOX_URL$/));
      });
    });

    it('reports an address where nothing listens as unreachable', async () => {
      const closed = await new FakeNetBox({ devices: [] }).start();
      const url = closed.url;
      await closed.stop();
      const { source } = sourceFor(closed, { url, retries: 0 });
      await assert.rejects(source.read(), isBotError('netbox_unreachable', /^NetBox could not be reached \(ECONNREFUSED\); check NETBOX_URL$/));
    });

    it('stops at once when the caller aborts', async () => {
      await withFake({}, async (fake) => {
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(sourceFor(fake).source.read(controller.signal), { name: 'AbortError' });
        assert.equal(fake.requests.length, 0);
      });
    });
  });

  describe('misbehaving pagination', () => {
    /** A hand-written NetBox that serves fixed pages by offset, to show what a real one would not do. */
    function pagesFetch(pages: Record<string, { next: string | null; results: unknown[] }>, seen: string[]): typeof fetch {
      return (input) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        seen.push(url.href);
        const page = pages[url.searchParams.get('offset') ?? '0'];
        return Promise.resolve(new Response(JSON.stringify({ count: 3, previous: null, ...page }), { status: page === undefined ? 404 : 200 }));
      };
    }

    it('stops when the next links go round in a loop', async () => {
      const seen: string[] = [];
      const fetch = pagesFetch(
        {
          '0': { next: 'http://elsewhere/api/dcim/devices/?limit=1&offset=1', results: [{ id: 1, name: 'a' }] },
          '1': { next: 'http://elsewhere/api/dcim/devices/?limit=1&offset=1', results: [{ id: 2, name: 'b' }] },
        },
        seen,
      );
      const source = new NetBoxSource({ ...sourceOptions(), url: 'https://netbox.example.com/', fetch });
      await assert.rejects(source.read(), isBotError('netbox_bad_response', /go round in a loop/));
      assert.equal(seen.length, 2);
      assert.ok(seen.every((href) => href.startsWith('https://netbox.example.com/api/dcim/devices/?')));
    });

    it('counts a device listed on two pages once', async () => {
      const row = (id: number): unknown => ({
        id,
        name: `fw-${id}`,
        site: { name: 'Lab' },
        tenant: { name: 'Lab team' },
        custom_fields: { software_version: '6.3.0r19' },
      });
      const fetch = pagesFetch(
        {
          '0': { next: 'http://elsewhere/api/dcim/devices/?offset=2', results: [row(1), row(2)] },
          '2': { next: null, results: [row(2), row(3)] },
        },
        [],
      );
      const read = await new NetBoxSource({ ...sourceOptions(), fetch }).read();
      assert.deepEqual(
        read.devices.map((d) => d.name),
        ['fw-1', 'fw-2', 'fw-3'],
      );
      assert.deepEqual(read.rejected, []);
    });

    it('does not follow a redirect, so the token goes nowhere but the configured URL', async () => {
      const seen: string[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        seen.push(input instanceof Request ? input.url : input.toString());
        assert.equal(init?.redirect, 'manual');
        return Promise.resolve(new Response(null, { status: 301, headers: { location: 'https://login.example.com/sso?next=/api/' } }));
      };
      await assert.rejects(
        new NetBoxSource({ ...sourceOptions(), fetch }).read(),
        isBotError(
          'netbox_bad_response',
          /^NetBox redirected the request \(HTTP 301 to https:\/\/login\.example\.com\/sso\); set NETBOX_URL to the URL it names$/,
        ),
      );
      assert.equal(seen.length, 1);
    });

    it('reports a body that is not a list page', async () => {
      const fetch: typeof globalThis.fetch = () => Promise.resolve(new Response('{"detail": "ok"}', { status: 200 }));
      await assert.rejects(new NetBoxSource({ ...sourceOptions(), fetch }).read(), isBotError('netbox_bad_response', /something other than a list page/));
    });
  });
});

function sourceOptions(): NetBoxOptions {
  return {
    url: 'https://netbox.example.com',
    token: FAKE_V1_TOKEN,
    filters: {},
    versionField: 'software_version',
    owner: { from: 'tenant' },
    pageSize: 2,
    timeoutMs: 1000,
    retries: 0,
    log: silentLogger,
  };
}
