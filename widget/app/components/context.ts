import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '../../i18n/translate.ts';
import type { Bridge } from '../bridge.ts';
import type { Chat } from '../chat.ts';
import type { Chime } from '../chime.ts';
import type { Reading } from '../reading.ts';

export interface AppContext {
  chat: Chat;
  bridge: Bridge;
  t: Translate;
  reading: Reading;
  chime: Chime;
}

export const Ctx = createContext<AppContext>(null as unknown as AppContext);
export const useApp = (): AppContext => useContext(Ctx);
