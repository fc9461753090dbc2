/**
 * Makes text from outside (subscription and partner names, people's names) show as typed in Teams
 * messages and Adaptive Card text, which render Markdown: a name such as "[Pay here](https://…)"
 * or "*urgent*" must not become a link or emphasis. Characters that open Markdown (and HTML) are
 * escaped with a backslash, as are list or heading markers at the start.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]`<~|]/g, '\\$&').replace(/^(\s*)([#>+-]|\d+\.)/, '$1\\$2');
}
