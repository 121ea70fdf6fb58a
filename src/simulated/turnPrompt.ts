// A turn's prompt as the real CLI records it (the slash command's tags and expanded body, or the plain prompt), and
// what SpecFlow asked for with it.
import { interpretRequest } from './request';
import type { Transcript } from './sessions';
import { expandCommand, parseSlashPrompt, type SlashResolution } from './skills';

/** What the model would see (the expanded command), and what SpecFlow asked for; recorded in the transcript. */
export function recordPrompt(prompt: string, resolution: SlashResolution, transcript: Transcript, schema: unknown) {
  const asTyped = parseSlashPrompt(prompt);
  let expanded = prompt;
  if (resolution.type === 'found') {
    expanded = expandCommand(resolution.def, resolution.args);
    transcript.entry({
      type: 'user',
      message: {
        role: 'user',
        content: `<command-message>${resolution.name}</command-message>\n<command-name>/${resolution.name}</command-name>\n<command-args>${resolution.args}</command-args>`,
      },
    });
    transcript.entry({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: expanded }] }, isMeta: true });
  } else if (resolution.type === 'none') {
    transcript.entry({ type: 'user', message: { role: 'user', content: prompt } });
  }
  const skill = resolution.type === 'found' || resolution.type === 'unknown' ? resolution.name : asTyped?.name;
  const skillArgs = resolution.type === 'found' || resolution.type === 'unknown' ? resolution.args : asTyped?.args;
  const request = interpretRequest({
    prompt,
    skill: skill && !/\s/.test(skill) && (resolution.type !== 'none' || /^[\w.:-]+$/.test(skill)) ? skill : undefined,
    args: skill ? skillArgs : undefined,
    hasJsonSchema: schema !== undefined,
  });
  return { expanded, skill, request };
}
