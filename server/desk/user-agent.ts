/** What an agent needs from a User-Agent header: the browser, the system, and whether it is a phone. */
export interface DeviceInfo {
  browser: string | null;
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | null;
}

// Most specific first: Edge, Opera and in-app browsers also say "Chrome" and "Safari".
const BROWSERS: Array<[RegExp, string]> = [
  [/MicroMessenger\/([\d.]+)/, 'WeChat'],
  [/QQBrowser\/([\d.]+)/, 'QQ Browser'],
  [/UCBrowser\/([\d.]+)/, 'UC Browser'],
  [/SamsungBrowser\/([\d.]+)/, 'Samsung Internet'],
  [/Edg(?:e|A|iOS)?\/([\d.]+)/, 'Edge'],
  [/(?:OPR|Opera)\/([\d.]+)/, 'Opera'],
  [/(?:Firefox|FxiOS)\/([\d.]+)/, 'Firefox'],
  [/(?:Chrome|CriOS)\/([\d.]+)/, 'Chrome'],
  [/Version\/([\d.]+).*Safari\//, 'Safari'],
];

const SYSTEMS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/(?:iPhone|iPad|iPod).*? OS (\d+)[_.](\d+)/, (m) => `iOS ${m[1]}.${m[2]}`],
  [/Android (\d+(?:\.\d+)?)/, (m) => `Android ${m[1]}`],
  [/Windows NT 10/, () => 'Windows'],
  [/Windows NT 6\.[123]/, () => 'Windows 7/8'],
  [/CrOS/, () => 'ChromeOS'],
  [/Mac OS X/, () => 'macOS'],
  [/HarmonyOS/, () => 'HarmonyOS'],
  [/Linux/, () => 'Linux'],
];

/** Best effort and never throws: an odd or missing header gives nulls, not an error. */
export function describeUserAgent(ua: string | null | undefined): DeviceInfo {
  if (!ua) return { browser: null, os: null, device: null };
  let browser: string | null = null;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = `${name} ${m[1]!.split('.')[0]}`;
      break;
    }
  }
  let os: string | null = null;
  for (const [re, name] of SYSTEMS) {
    const m = re.exec(ua);
    if (m) {
      os = name(m);
      break;
    }
  }
  const device = /iPad|Tablet/i.test(ua) || (/Android/.test(ua) && !/Mobile/.test(ua)) ? 'tablet' : /Mobi|iPhone|iPod/.test(ua) ? 'mobile' : 'desktop';
  return { browser, os, device };
}
