import type { FastifyRequest } from 'fastify';
import type { Lang } from '../contract/errors.js';

/** The language of a reply: the `lang` cookie the web app sets, else Accept-Language, else Vietnamese. */
export function requestLang(req: FastifyRequest): Lang {
  const cookie = req.cookies?.['hoithi_lang'];
  if (cookie === 'en' || cookie === 'vi') return cookie;
  const accept = req.headers['accept-language'];
  if (typeof accept === 'string') {
    const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
  }
  return 'vi';
}
