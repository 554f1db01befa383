// Operator command: register this app's domain as a Tesla partner account in every region.
//   TESLA_CLIENT_ID=… TESLA_CLIENT_SECRET=… npm run tesla:register-partner -- --domain fleet.example.com
// Host the public key at https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem first.
// Prints one line per region (registered / already registered / failed: reason); exit code 1 when
// any region failed, 78 on bad configuration. See partner-registration.ts.
import { runRegisterPartner } from './partner-registration';

process.exitCode = await runRegisterPartner(process.argv.slice(2), process.env, {
  out: (line) => {
    console.log(line);
  },
  err: (line) => {
    console.error(line);
  },
});
