// Logto's OIDC engine for the flow benchmark and the end-to-end tests: oidc-provider 9.11.3 (what
// Logto 1.42 runs on), configured the way Logto configures it for a traditional web app, on
// 127.0.0.1 only.
//
//   issuer         http://127.0.0.1:$PORT/oidc        ES384 ID tokens (a fresh P-384 key per start)
//   clients        web-app / web-app-secret (the app under test) and other-app / other-app-secret
//                  (another app of the same tenant), client_secret_post, PKCE (S256) required
//   refresh        issued with offline_access + prompt=consent, rotated on every use
//   API resource   https://api.example.com (JWT access tokens, ES384), lifetime ACCESS_TOKEN_TTL seconds
//   login          POST /interaction/<uid>/login {username, password}; consent is granted by itself
//   users          alice / alice-password, bob / bob-password
//   sign-out       GET /oidc/session/end?client_id=…, then POST its xsrf with logout=yes to
//                  /oidc/session/end/confirm (Logto's page submits that form by itself)
//
// Environment:
//   PORT (3211), ACCESS_TOKEN_TTL (3600)
//   REDIRECT_URIS, POST_LOGOUT_REDIRECT_URIS   comma-separated (http://127.0.0.1:8080/callback, http://127.0.0.1:8080/)
//   BACKCHANNEL_LOGOUT_URI                 turns on Back-Channel Logout 1.0: web-app's back-channel logout URI
//   BACKCHANNEL_LOGOUT_SESSION_REQUIRED    1 (default: logout and ID tokens carry sid) or 0 (sub only), the
//                                          Console's "Is session required?"
//   OIDC_PROVIDER_SSRF_PROTECTION_DISABLED 1 lets outgoing calls (back-channel logout) reach loopback and private
//                                          addresses, as the setting of that name does for a self-hosted Logto;
//                                          unset, oidc-provider refuses them, as Logto Cloud and a default Logto do
//   REQUEST_LOG=1   one line per request with the provider's own time, e.g.  --> POST /oidc/token 200 2.815ms
//                   (the flow benchmark subtracts it from the SDK's time to get the SDK's own share)
// Every back-channel logout call is logged: "backchannel.success <client> <sub> <sid of the Logto
// session>" (the token carries that sid only when session is required) or "backchannel.error <client> <message>".
import { generateKeyPairSync } from 'node:crypto';
import Koa from 'koa';
import mount from 'koa-mount';
import Provider, { errors } from 'oidc-provider';

const env = process.env;
const port = Number(env.PORT ?? 3211);
const issuer = `http://127.0.0.1:${port}/oidc`;
const resource = 'https://api.example.com';
const accessTokenTtl = Number(env.ACCESS_TOKEN_TTL ?? 3600);
const list = (value, fallback) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const redirectUris = list(env.REDIRECT_URIS, 'http://127.0.0.1:8080/callback');
const postLogoutRedirectUris = list(env.POST_LOGOUT_REDIRECT_URIS, 'http://127.0.0.1:8080/');
const backchannelLogoutUri = env.BACKCHANNEL_LOGOUT_URI;
const sessionRequired = (env.BACKCHANNEL_LOGOUT_SESSION_REQUIRED ?? '1') !== '0';
const ssrfProtectionDisabled = ['1', 'true', 'yes', 'y'].includes((env.OIDC_PROVIDER_SSRF_PROTECTION_DISABLED ?? '').toLowerCase());
const cookieKeys = ['logto-engine-cookie-key'];

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' });
const users = [
  { sub: 'user-alice', username: 'alice', password: 'alice-password', name: 'Alice Test', email: 'alice@example.com', email_verified: true },
  { sub: 'user-bob', username: 'bob', password: 'bob-password', name: 'Bob Test', email: 'bob@example.com', email_verified: false },
];
const bySub = new Map(users.map((user) => [user.sub, user]));
const byUsername = new Map(users.map((user) => [user.username, user]));

const webClient = (clientId, extra = {}) => ({
  client_id: clientId,
  client_secret: `${clientId}-secret`,
  redirect_uris: redirectUris,
  post_logout_redirect_uris: postLogoutRedirectUris,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  // The SDKs send the secret in the form (client_secret_post), as Logto's SDKs do.
  token_endpoint_auth_method: 'client_secret_post',
  id_token_signed_response_alg: 'ES384',
  ...extra,
});

const provider = new Provider(issuer, {
  jwks: { keys: [{ ...signingKey, alg: 'ES384', use: 'sig', kid: 'engine-es384' }] },
  clients: [
    webClient('web-app', backchannelLogoutUri
      ? { backchannel_logout_uri: backchannelLogoutUri, backchannel_logout_session_required: sessionRequired }
      : {}),
    webClient('other-app'),
  ],
  async findAccount(ctx, sub) {
    const user = bySub.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        const { password, ...claims } = user;
        return { ...claims, preferred_username: user.username, picture: null, updated_at: 1764547200 };
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
  // oidc-provider hands every outgoing request a dispatcher that drops connections to loopback and
  // private addresses. A self-hosted Logto's operator can switch that off; so can this engine's user.
  fetch: (url, options) => {
    if (ssrfProtectionDisabled) delete options.dispatcher;
    return globalThis.fetch(url, options);
  },
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: true },
    revocation: { enabled: true },
    backchannelLogout: { enabled: Boolean(backchannelLogoutUri) },
    rpInitiatedLogout: {
      enabled: true,
      // Like Logto's page: the form (with its xsrf) submits itself with logout=yes, which signs the
      // user out of every app of this browser session and notifies each over the back channel.
      logoutSource: (ctx, form) => {
        ctx.type = 'html';
        ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign out</title></head>
<body onload="document.getElementById('op.logoutForm').submit()">${form}
<input type="hidden" form="op.logoutForm" name="logout" value="yes"></body></html>`;
      },
      postLogoutSuccessSource: (ctx) => {
        ctx.type = 'html';
        ctx.body = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signed out</title></head><body>Signed out.</body></html>';
      },
    },
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

provider.on('backchannel.success', (ctx, client, accountId, sid) => {
  console.log(`backchannel.success ${client.clientId} ${accountId} ${sid ?? '-'}`);
});
provider.on('backchannel.error', (ctx, error, client) => {
  console.log(`backchannel.error ${client.clientId} ${error?.cause?.message ?? error?.message ?? error}`);
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
  ctx.set('cache-control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== match[1]) ctx.throw(400, 'interaction mismatch');
  if (ctx.method === 'POST' && match[2]) {
    const { username, password } = await formOf(ctx);
    const user = byUsername.get(username);
    if (!user || user.password !== password) {
      ctx.status = 401;
      ctx.body = { error: 'invalid_credentials' };
      return undefined;
    }
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: user.sub } }));
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
if (env.REQUEST_LOG === '1') {
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

const server = app.listen(port, '127.0.0.1', () => console.log(`logto-engine on http://127.0.0.1:${port}  issuer ${issuer}`
  + (backchannelLogoutUri ? `  back-channel logout to ${backchannelLogoutUri} (sid: ${sessionRequired ? 'yes' : 'no'}, SSRF protection: ${ssrfProtectionDisabled ? 'off' : 'on'})` : '')));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
