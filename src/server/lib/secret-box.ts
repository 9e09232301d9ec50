import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets that must be readable again (TOTP seeds) with AES-256-GCM. The key lives outside
 * the database: `MAMORI_SECRET_KEY` (64 hex characters) or `<data dir>/secret.key`, created on
 * first use with mode 0600. A stolen database alone therefore does not reveal MFA seeds.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(hex: string): SecretBox {
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('MAMORI_SECRET_KEY must be 64 hexadecimal characters');
    return new SecretBox(Buffer.from(hex, 'hex'));
  }

  /** Loads the key from the environment or the data directory, creating it when absent. */
  static load(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
    if (env.MAMORI_SECRET_KEY) return SecretBox.fromKey(env.MAMORI_SECRET_KEY);
    const file = path.join(dataDir, 'secret.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      try {
        fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    return SecretBox.fromKey(fs.readFileSync(file, 'utf8').trim());
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('unrecognised sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
