import { fileURLToPath } from "node:url";

/** Bundled Indonesian fixture feeds of the demo clinic, served by the API itself. */
export const DEMO_FEEDS_DIR = fileURLToPath(new URL("../demo-feeds/", import.meta.url));

export function demoFeeds(baseUrl: string): { name: string; url: string }[] {
  return [
    { name: "Demo: Berita Daerah", url: `${baseUrl}/demo/feeds/berita-daerah.xml` },
    { name: "Demo: Pesan Berantai", url: `${baseUrl}/demo/feeds/pesan-berantai.xml` },
  ];
}
