import { apiRoutes } from '@pigeon/shared';
import type { SessionInfo, SignInAnswer, SignInBody } from '@pigeon/shared';
import { ApiError, request, setCsrfToken } from '../../api/http';

export interface AuthApi {
  /** the current session, or null when signed out */
  getSession(): Promise<SessionInfo | null>;
  signIn(body: SignInBody): Promise<SignInAnswer>;
  signOut(): Promise<void>;
}

export const authApi: AuthApi = {
  async getSession() {
    try {
      const session = await request<SessionInfo>(apiRoutes.session, { allowUnauthorized: true });
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      // signed out, the answer carries the token the sign-in form sends: the form asks for none (decision 024)
      const { csrfToken } = error.details;
      if (typeof csrfToken === 'string') setCsrfToken(csrfToken);
      return null;
    }
  },
  async signIn(body) {
    const session = await request<SignInAnswer>(apiRoutes.signIn, { method: 'POST', body, allowUnauthorized: true });
    setCsrfToken(session.csrfToken);
    return session;
  },
  async signOut() {
    try {
      await request<void>(apiRoutes.signOut, { method: 'POST', allowUnauthorized: true });
    } finally {
      setCsrfToken(null);
    }
  },
};
