// The app is a static SPA: everything runs in the browser, on the device's own data.
export const ssr = false;
export const prerender = false;
