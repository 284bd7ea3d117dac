// Logto's OIDC engine for the flow benchmark: oidc-provider 9.11.3 (what Logto 1.42 runs on),
// configured the way Logto configures it for a traditional web app, on 127.0.0.1 only.
//
//   issuer         http://127.0.0.1:$PORT/oidc        ES384 ID tokens (a fresh P-384 key per start)
//   client         web-app / web-app-secret, redirect http://127.0.0.1:8080/callback, PKCE (S256) required
//   refresh        issued with offline_access + prompt=consent, rotated on every use
//   API resource   https://api.example.com (JWT access tokens, ES384), lifetime ACCESS_TOKEN_TTL seconds
//   login          POST /interaction/<uid>/login {username, password}; consent is granted by itself
//   user           alice / alice-password
//
// REQUEST_LOG=1 prints one line per request with the provider's own time, e.g.
//   --> POST /oidc/token 200 2.815ms
// which the benchmark subtracts from the SDK's time to get the SDK's own share.
import { generateKeyPairSync } from 'node:crypto';
import Koa from 'koa';
import mount from 'koa-mount';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.PORT ?? 3211);
const issuer = `http://127.0.0.1:${port}/oidc`;
const resource = 'https://api.example.com';
const accessTokenTtl = Number(process.env.ACCESS_TOKEN_TTL ?? 3600);
const redirectUri = 'http://127.0.0.1:8080/callback';
const cookieKeys = ['flow-bench-cookie-key'];

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' });
const alice = {
  sub: 'user-alice', username: 'alice', password: 'alice-password', name: 'Alice Test',
  email: 'alice@example.com', email_verified: true,
};

const provider = new Provider(issuer, {
  jwks: { keys: [{ ...signingKey, alg: 'ES384', use: 'sig', kid: 'bench-es384' }] },
  clients: [{
    client_id: 'web-app',
    client_secret: 'web-app-secret',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: ['http://127.0.0.1:8080/'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // The SDKs send the secret in the form (client_secret_post), as Logto's SDKs do.
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES384',
  }],
  async findAccount(ctx, sub) {
    if (sub !== alice.sub) return undefined;
    return {
      accountId: sub,
      async claims() {
        const { password, ...claims } = alice;
        return { ...claims, preferred_username: alice.username, picture: null, updated_at: 1764547200 };
      },
    };
  },
  claims: {
    openid: ['sub'],
    profile: ['name', 'username', 'preferred_username', 'picture', 'updated_at'],
    email: ['email', 'email_verified'],
  },
  // Like Logto: the ID token carries the scopes' claims even when an access token comes with it.
  conformIdTokenClaims: false,
  enabledJWA: { idTokenSigningAlgValues: ['ES384'] },
  pkce: { required: () => true },
  cookies: { keys: cookieKeys },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== resource) throw new errors.InvalidTarget();
        return {
          scope: 'read:data write:data',
          audience: resource,
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES384' } },
        };
      },
    },
  },
  issueRefreshToken: (ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  rotateRefreshToken: () => true,
  ttl: { AccessToken: accessTokenTtl, IdToken: 3600, RefreshToken: 14 * 24 * 3600, AuthorizationCode: 60, Interaction: 3600, Session: 3600, Grant: 3600 },
  renderError: (ctx, out) => { ctx.type = 'json'; ctx.body = out; },
});

async function formOf(ctx) {
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  return ctx.is('application/json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
}

// The login page Logto's Experience app would show, reduced to what a script needs.
async function interaction(ctx, next) {
  const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== match[1]) ctx.throw(400, 'interaction mismatch');
  if (ctx.method === 'POST' && match[2]) {
    const { username, password } = await formOf(ctx);
    if (username !== alice.username || password !== alice.password) {
      ctx.status = 401;
      ctx.body = { error: 'invalid_credentials' };
      return undefined;
    }
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: alice.sub } }));
    return undefined;
  }
  if (ctx.method === 'GET' && details.prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
    return undefined;
  }
  ctx.type = 'json';
  ctx.body = { uid: details.uid, prompt: details.prompt.name, login: `/interaction/${details.uid}/login` };
  return undefined;
}

const app = new Koa();
// Mounted, the provider signs and reads its cookies through this app's context: same keys.
app.keys = cookieKeys;
if (process.env.REQUEST_LOG === '1') {
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`--> ${ctx.method} ${ctx.path} ${ctx.status} ${ms.toFixed(3)}ms`);
    }
  });
}
app.use(interaction);
// oidc-provider 9 is itself a Koa app; it serves everything under /oidc.
app.use(mount('/oidc', provider));

const server = app.listen(port, '127.0.0.1', () => console.log(`flow-bench engine on http://127.0.0.1:${port}  issuer ${issuer}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
