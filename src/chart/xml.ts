// Text inside the chart's SVG: names and titles come from people, so every one is escaped.

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
