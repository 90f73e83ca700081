import { describe, expect, it } from 'vitest';
import { createSignedLinks } from '../../../server/auth/signed-link.ts';
import { createMailLinks } from '../../../server/mail/links.ts';
import { renderMail } from '../../../server/mail/templates.ts';

const HOSTILE = `<script>alert(1)</script><a href="javascript:alert(2)">x</a> & "quotes" 'too'`;

describe('mail templates', () => {
  it('escapes every string a visitor or agent wrote in the HTML, and keeps it as written in the text', () => {
    const mail = renderMail('en', { kind: 'reply', agentName: '<b>Ada</b>', question: HOSTILE, replies: [HOSTILE], resumeUrl: 'https://shop.test/p#parley=t' });
    expect(mail.html).not.toMatch(/<script|<a href="javascript|<b>Ada/);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&quot;javascript:alert(2)&quot;&gt;x&lt;/a&gt; &amp; &quot;quotes&quot; &#39;too&#39;');
    expect(mail.html).toContain('<b>&lt;b&gt;Ada&lt;/b&gt;</b> answered your question:');
    expect(mail.text).toContain(`> ${HOSTILE}`);
    // The subject is ours: the agent's name, never the visitor's words.
    expect(mail.subject).toBe('<b>Ada</b> replied to your message');
  });

  it('puts only http(s) links in mail', () => {
    const mail = renderMail('en', { kind: 'reply', agentName: null, question: null, replies: ['hi'], resumeUrl: 'javascript:alert(1)' });
    expect(mail.html).not.toContain('javascript:');
    expect(mail.text).toContain('open the chat on our website');
  });

  it('speaks Chinese to a Chinese conversation', () => {
    const reply = renderMail('zh', { kind: 'reply', agentName: '小王', question: '我的包裹在哪里？', replies: ['已经发货了。'], resumeUrl: 'https://shop.test/' });
    expect(reply.subject).toBe('小王 回复了您的消息');
    expect(reply.text).toContain('您的问题：\n> 我的包裹在哪里？');
    expect(reply.html).toContain('lang="zh-CN"');
    const transcript = renderMail('zh', { kind: 'transcript', lines: [{ author: 'visitor', name: null, text: '你好', at: 0 }, { author: 'bot', name: null, text: '您好！', at: 1000 }], resumeUrl: null, timeZone: 'Asia/Shanghai' });
    expect(transcript.subject).toBe('您与我们的对话记录');
    expect(transcript.text).toMatch(/您:\n你好/);
    expect(transcript.text).toMatch(/智能助手:\n您好！/);
  });
});

describe('resume links', () => {
  const signed = createSignedLinks('k'.repeat(40));
  const links = createMailLinks(signed, null);

  it('point at the shop page with a signed token in the fragment, valid for a week and for one purpose', () => {
    const url = links.resume('visitor-1', 'https://shop.test/kettles?c=blue#reviews', 1_000)!;
    const token = /#parley=(.+)$/.exec(url)![1]!;
    expect(url.startsWith('https://shop.test/kettles?c=blue#parley=')).toBe(true);
    expect(signed.verify('r1', token, 2_000)).toBe('visitor-1');
    expect(signed.verify('r1', token, 1_000 + 7 * 24 * 3600 * 1000)).toBeNull();
    expect(signed.verify('rate', token, 2_000)).toBeNull();
    expect(createSignedLinks('other'.repeat(8)).verify('r1', token, 2_000)).toBeNull();
    expect(signed.verify('r1', token.replace('visitor-1', 'visitor-2'), 2_000)).toBeNull();
  });

  it('are not made for pages that are not http(s)', () => {
    expect(links.resume('v', 'file:///etc/passwd', 0)).toBeNull();
    expect(links.resume('v', null, 0)).toBeNull();
  });
});
