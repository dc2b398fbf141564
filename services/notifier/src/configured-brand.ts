import { readLogoDataUri } from './adapters/file-brand-logo.ts';
import type { Brand } from './domain/brand.ts';
import type { NotifierEnv } from './env.ts';

/** Wiring, not policy: the brand of the verification pages from this deployment's settings. */
export async function configuredBrand(env: NotifierEnv): Promise<Brand> {
  return {
    name: env.BRAND_NAME,
    primaryColor: env.BRAND_PRIMARY_COLOR,
    alertColor: env.BRAND_ALERT_COLOR,
    logoDataUri:
      env.BRAND_LOGO_FILE === undefined ? undefined : await readLogoDataUri(env.BRAND_LOGO_FILE),
    supportPhone: env.BRAND_SUPPORT_PHONE,
    supportUrl: env.BRAND_SUPPORT_URL,
    // The same condition as the case escalation loop (notifier-app.ts).
    agentFollowUp: env.CASE_SERVICE_ADDR !== undefined && env.CASE_SERVICE_TOKEN !== undefined,
  };
}
