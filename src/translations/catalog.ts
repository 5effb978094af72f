// The translation domains an ASA ships templates for (`show import webvpn translation-table`, in the
// ASA's order) and the English messages of each. The portal's page strings are drawn from these
// lists, so an exported template holds every string a user of that domain can see.

export const TEMPLATE_DOMAINS = [
  'customization',
  'AnyConnect',
  'PortForwarder',
  'url-list',
  'webvpn',
  'Citrix-plugin',
  'RPC-plugin',
  'Telnet-SSH-plugin',
  'VNC-plugin',
] as const;

export type Domain = (typeof TEMPLATE_DOMAINS)[number];

/** the messages of each domain's template; the portal's strings are among them */
export const MESSAGES: Record<Domain, readonly string[]> = {
  // the logon and logout pages and the portal frame
  customization: [
    'SSL VPN Service',
    'Login',
    'Please enter your username and password.',
    'USERNAME:',
    'PASSWORD:',
    'GROUP:',
    'Logon',
    'Logout',
    'Login failed.',
    'Login denied, unauthorized connection mechanism, contact your administrator.',
    'Goodbye.',
    'Your session has ended.',
    'Log in again',
    'Your session has expired. Please log in again.',
    'Home',
  ],
  // the client's own messages and the web-launch (client download) pages
  AnyConnect: [
    'AnyConnect Secure Mobility Client',
    'Connected',
    'Disconnected',
    'Connecting',
    'Reconnecting',
    'Connect',
    'Disconnect',
    'Ready to connect.',
    'Download the client',
    'Download for %s',
    'Install the AnyConnect Secure Mobility Client, then connect to this server with it.',
    'No AnyConnect package for %s is available on this server. Contact your administrator.',
    'No AnyConnect package for this operating system is available on this server. Contact your administrator.',
    'Your operating system: %s',
    'Package: %s (%s bytes)',
    'Start AnyConnect',
    'AnyConnect is not enabled on the VPN server',
  ],
  PortForwarder: [
    'Application Access',
    'Close this window when you finish using Application Access.',
    'Local',
    'Remote',
  ],
  'url-list': [
    'Web Bookmarks',
    'File Bookmarks',
  ],
  // the clientless portal and its questions
  webvpn: [
    'Welcome, %s',
    'Do you want to download the AnyConnect client, or go to the portal?',
    'Go to the portal',
    'The default action is taken in %s seconds.',
    'Applications',
    'AnyConnect',
    'Signed in as %s (group %s)',
    'Not Found',
    'The requested page does not exist.',
  ],
  'Citrix-plugin': ['Citrix'],
  'RPC-plugin': ['Remote Desktop Protocol'],
  'Telnet-SSH-plugin': ['Telnet/SSH Servers'],
  'VNC-plugin': ['Virtual Network Computing'],
};

/** the canonical domain name for a case-insensitive one (`revert … anyconnect language fr`) */
export function canonicalDomain(name: string): Domain | undefined {
  const n = name.toLowerCase();
  return TEMPLATE_DOMAINS.find((d) => d.toLowerCase() === n);
}
