/**
 * Test support.
 * Address forms the outbound guard must refuse (tests share this table: the client, webhook URLs and tracker
 * settings). `host` is how a URL writes it; `address` is what a name resolving to it would answer.
 */
export const NON_PUBLIC_FORMS: ReadonlyArray<{ label: string; host: string; address: string }> = [
  { label: 'IPv4 loopback', host: '127.0.0.1', address: '127.0.0.1' },
  { label: 'IPv4 loopback, elsewhere in 127/8', host: '127.10.20.30', address: '127.10.20.30' },
  { label: 'IPv4 loopback, shorthand 127.1', host: '127.1', address: '127.0.0.1' },
  { label: 'IPv4 loopback, as one decimal number', host: '2130706433', address: '127.0.0.1' },
  { label: 'IPv4 loopback, in hex', host: '0x7f.0.0.1', address: '127.0.0.1' },
  { label: 'unspecified 0.0.0.0', host: '0.0.0.0', address: '0.0.0.0' },
  { label: 'private 10/8', host: '10.0.0.5', address: '10.0.0.5' },
  { label: 'private 172.16/12', host: '172.20.1.1', address: '172.20.1.1' },
  { label: 'private 192.168/16', host: '192.168.1.10', address: '192.168.1.10' },
  { label: 'carrier-grade NAT 100.64/10', host: '100.64.0.1', address: '100.64.0.1' },
  { label: 'link-local / cloud metadata', host: '169.254.169.254', address: '169.254.169.254' },
  { label: 'multicast', host: '224.0.0.1', address: '224.0.0.1' },
  { label: 'broadcast', host: '255.255.255.255', address: '255.255.255.255' },
  { label: 'reserved 240/4', host: '240.0.0.1', address: '240.0.0.1' },
  { label: 'benchmarking 198.18/15', host: '198.18.0.1', address: '198.18.0.1' },
  { label: 'IPv6 loopback', host: '[::1]', address: '::1' },
  { label: 'IPv6 unspecified', host: '[::]', address: '::' },
  { label: 'IPv4-mapped loopback', host: '[::ffff:127.0.0.1]', address: '::ffff:127.0.0.1' },
  { label: 'IPv4-mapped metadata', host: '[::ffff:a9fe:a9fe]', address: '::ffff:169.254.169.254' },
  { label: 'IPv4-compatible loopback', host: '[::127.0.0.1]', address: '::127.0.0.1' },
  { label: 'IPv4-translated loopback', host: '[::ffff:0:7f00:1]', address: '::ffff:0:7f00:1' },
  { label: 'NAT64 loopback', host: '[64:ff9b::7f00:1]', address: '64:ff9b::7f00:1' },
  { label: 'NAT64 private', host: '[64:ff9b::a00:1]', address: '64:ff9b::10.0.0.1' },
  { label: 'local-use NAT64 prefix', host: '[64:ff9b:1::1]', address: '64:ff9b:1::1' },
  { label: '6to4 loopback', host: '[2002:7f00:1::]', address: '2002:7f00:1::' },
  { label: '6to4 private', host: '[2002:c0a8:101::1]', address: '2002:c0a8:101::1' },
  { label: 'unique-local', host: '[fd12:3456::1]', address: 'fd12:3456::1' },
  { label: 'link-local IPv6', host: '[fe80::1]', address: 'fe80::1' },
  { label: 'site-local IPv6 (deprecated)', host: '[fec0::1]', address: 'fec0::1' },
  { label: 'multicast IPv6', host: '[ff02::1]', address: 'ff02::1' },
  { label: 'Teredo', host: '[2001:0:4136:e378::1]', address: '2001:0:4136:e378::1' },
  { label: 'documentation IPv6', host: '[2001:db8::1]', address: '2001:db8::1' },
];

/** Localhost names: refused without asking DNS. */
export const LOCALHOST_NAMES: readonly string[] = ['localhost', 'localhost.', 'LOCALHOST', 'api.localhost', 'api.localhost.'];

/** Public addresses, literal or resolved, that must be allowed. */
export const PUBLIC_FORMS: ReadonlyArray<{ label: string; host: string; address: string }> = [
  { label: 'public IPv4', host: '93.184.216.34', address: '93.184.216.34' },
  { label: 'public IPv6', host: '[2606:4700:4700::1111]', address: '2606:4700:4700::1111' },
  { label: 'IPv4-mapped public', host: '[::ffff:8.8.8.8]', address: '::ffff:8.8.8.8' },
  { label: 'NAT64 public (DNS64 on an IPv6-only host)', host: '[64:ff9b::808:808]', address: '64:ff9b::8.8.8.8' },
  { label: '6to4 public', host: '[2002:808:808::1]', address: '2002:808:808::1' },
];
