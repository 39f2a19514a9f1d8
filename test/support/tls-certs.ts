import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFiles {
  /** ca.pem, server-cert.pem, server-key.pem, and the client's ca.pem, cert.pem, key.pem (DOCKER_CERT_PATH's names). */
  dir: string;
  /** A second client folder whose certificate another CA signed: the engine must refuse it. */
  strangerDir: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function signedBy(dir: string, ca: string, name: string, subject: string, ext: string): void {
  openssl(dir, 'genrsa', '-out', `${name}-key.pem`, '2048');
  openssl(dir, 'req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(
    dir,
    'x509',
    '-req',
    '-days',
    '2',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}-key.pem`,
    '-CAcreateserial',
    '-out',
    `${name}-cert.pem`,
    '-extfile',
    `${name}.ext`,
  );
}

function authority(dir: string, name: string): void {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}-key.pem`,
    '-out',
    `${name}.pem`,
  );
}

/** Certificates for a dockerd on tcp://127.0.0.1 with --tlsverify, made with openssl as Docker's docs make them. */
export function makeTlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'sp-tls-'));
  authority(dir, 'ca');
  signedBy(dir, 'ca', 'server', '/CN=127.0.0.1', 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  signedBy(dir, 'ca', 'client', '/CN=stackpilot-test', 'extendedKeyUsage = clientAuth\n');
  execFileSync('sh', ['-c', 'cp client-cert.pem cert.pem && cp client-key.pem key.pem'], { cwd: dir });
  const strangerDir = mkdtempSync(join(tmpdir(), 'sp-tls-stranger-'));
  authority(strangerDir, 'other');
  signedBy(strangerDir, 'other', 'client', '/CN=stranger', 'extendedKeyUsage = clientAuth\n');
  execFileSync(
    'sh',
    ['-c', `cp ${join(dir, 'ca.pem')} ca.pem && cp client-cert.pem cert.pem && cp client-key.pem key.pem`],
    { cwd: strangerDir },
  );
  return { dir, strangerDir };
}
