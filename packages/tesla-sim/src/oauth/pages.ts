/** The sign-in, consent and error pages: plain HTML, black on white, usable on a phone. */

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Sign you in with your Tesla Account',
  offline_access: 'Stay connected when you are not using the app',
  user_data: 'Your profile information',
  vehicle_device_data: 'Vehicle information (battery, charging, software, state)',
  vehicle_location: 'Vehicle location',
  vehicle_cmds: 'Vehicle commands (lock, unlock, honk, flash, climate, sentry)',
  vehicle_charging_cmds: 'Vehicle charging management',
  energy_device_data: 'Energy product information',
  energy_cmds: 'Energy product commands',
};

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  *{box-sizing:border-box}
  body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#171a20;background:#fff}
  header{padding:20px 24px;font-weight:600;letter-spacing:.35em;font-size:14px;text-transform:uppercase}
  main{max-width:400px;margin:0 auto;padding:24px}
  h1{font-size:28px;font-weight:500;margin:8px 0 24px}
  h2{font-size:18px;font-weight:500;margin:32px 0 8px}
  label{display:block;font-size:14px;color:#5c5e62;margin:16px 0 6px}
  input[type=email],input[type=password]{width:100%;height:40px;padding:0 12px;border:1px solid #d0d1d2;border-radius:4px;font-size:15px;background:#f4f4f4}
  input:focus{outline:2px solid #171a20;background:#fff}
  button{width:100%;height:40px;margin-top:24px;border:0;border-radius:4px;font-size:14px;font-weight:500;cursor:pointer;background:#171a20;color:#fff}
  button.secondary{background:#f4f4f4;color:#171a20;margin-top:12px}
  .error{background:#fdecea;color:#b00020;border-radius:4px;padding:10px 12px;font-size:14px}
  ul{padding-left:20px;line-height:1.7}
  .muted{color:#5c5e62;font-size:13px}
</style>
</head>
<body>
<header>Tesla Sim</header>
<main>
${body}
</main>
</body>
</html>`;
}

/** A seeded account offered on the sign-in page, as a sandbox offers its test users. */
export interface DemoAccount {
  email: string;
  name: string;
  region: string;
  vehicles: number;
}

export function signInPage(o: {
  txn: string;
  email?: string;
  error?: string;
  action: string;
  /** Picking one signs in as that owner and allows the app in one click (`demoAction`). */
  demo?: { action: string; clientName: string; scopes: string[]; accounts: DemoAccount[] };
}): string {
  return layout(
    'Sign In',
    `<h1>Sign In</h1>
${o.error ? `<p class="error" role="alert">${escapeHtml(o.error)}</p>` : ''}
<form method="post" action="${escapeHtml(o.action)}">
  <input type="hidden" name="txn" value="${escapeHtml(o.txn)}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(o.email ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign In</button>
</form>
<p class="muted">This is a simulator. No real Tesla Account is used.</p>
${o.demo ? demoAccounts(o.txn, o.demo) : ''}`,
  );
}

/**
 * The simulator's seeded owners, one button each. A click stands for signing in as that owner and
 * pressing Allow, so the scopes being granted are listed right above the buttons.
 */
function demoAccounts(
  txn: string,
  d: { action: string; clientName: string; scopes: string[]; accounts: DemoAccount[] },
): string {
  const buttons = d.accounts
    .map(
      (a) =>
        `  <button type="submit" name="email" value="${escapeHtml(a.email)}" class="secondary">Continue as ${escapeHtml(a.email)} (${escapeHtml(a.name)}, ${escapeHtml(a.region.toUpperCase())}, ${String(a.vehicles)} ${a.vehicles === 1 ? 'car' : 'cars'})</button>`,
    )
    .join('\n');
  return `<section aria-labelledby="demo-heading">
<h2 id="demo-heading">Demo accounts</h2>
<p class="muted">Pick a simulated owner to sign in as them and allow ${escapeHtml(d.clientName)}: ${escapeHtml(d.scopes.join(', '))}.</p>
<form method="post" action="${escapeHtml(d.action)}">
  <input type="hidden" name="txn" value="${escapeHtml(txn)}">
  <input type="hidden" name="decision" value="allow">
${buttons}
</form>
</section>`;
}

export function consentPage(o: {
  txn: string;
  clientName: string;
  scopes: string[];
  action: string;
  email: string;
}): string {
  const items = o.scopes
    .map((s) => `<li><strong>${escapeHtml(s)}</strong> — ${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`)
    .join('\n');
  return layout(
    'Allow access',
    `<h1>Allow ${escapeHtml(o.clientName)} to access your Tesla Account</h1>
<p class="muted">Signed in as ${escapeHtml(o.email)}</p>
<p>${escapeHtml(o.clientName)} is requesting:</p>
<ul>
${items}
</ul>
<form method="post" action="${escapeHtml(o.action)}">
  <input type="hidden" name="txn" value="${escapeHtml(o.txn)}">
  <button type="submit" name="decision" value="allow">Allow</button>
  <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
