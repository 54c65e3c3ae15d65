/** Who speaks to the customer: company name, logo, accent colour, support contacts and the tracking page's address. */

/** The branding of customer emails and the tracking page (from configuration, see `config/env.ts`). */
export interface Branding {
  companyName: string;
  /** An http(s) PNG/JPEG logo; without it the company name is the logo. */
  logoUrl?: string;
  /** `#RRGGBB`, dark enough for white text. */
  accentColor: string;
  supportPhone: string;
  supportEmail: string;
  /** Where the API is reached from outside: tracking pages are `<publicBaseUrl>/track/<token>`. */
  publicBaseUrl: string;
}

/** The embedded stack's branding (the policy's company and support line). */
export const DEFAULT_BRANDING: Branding = {
  companyName: 'SpectrumVoIP',
  accentColor: '#17324d',
  supportPhone: '(469) 429-2500',
  supportEmail: 'support@spectrumvoip.example',
  publicBaseUrl: 'http://127.0.0.1:8080',
};

/** The branding settings of the app configuration. */
export interface BrandingSettings {
  BRAND_NAME: string;
  BRAND_LOGO_URL?: string;
  BRAND_ACCENT_COLOR: string;
  SUPPORT_PHONE: string;
  SUPPORT_EMAIL: string;
  PUBLIC_BASE_URL: string;
}

/** Branding from the parsed configuration. */
export function brandingFromConfig(config: BrandingSettings): Branding {
  return {
    companyName: config.BRAND_NAME,
    ...(config.BRAND_LOGO_URL ? { logoUrl: config.BRAND_LOGO_URL } : {}),
    accentColor: config.BRAND_ACCENT_COLOR.toLowerCase(),
    supportPhone: config.SUPPORT_PHONE,
    supportEmail: config.SUPPORT_EMAIL,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };
}

/** The customer's tracking page of a claim. */
export function trackingPageUrl(publicBaseUrl: string, trackingToken: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/track/${encodeURIComponent(trackingToken)}`;
}

/** WCAG contrast ratio of `#RRGGBB` against white (1–21; 4.5 is the minimum for body text). */
export function contrastWithWhite(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}
