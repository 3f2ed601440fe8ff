// The invite link's token lives in the fragment (`/app/invite#token=…`: never sent to the server, so never in its
// logs). It is also kept in this tab's session storage, so signing out to accept as someone else, or a reload of a
// link whose fragment was lost, still finds it.

const KEY = 'reelback.invite-token';

function store(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

/** The token of the invite being followed: from the address's fragment, else the one kept earlier in this tab. */
export function inviteToken(hash = location.hash): string | null {
  const fromLink = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  if (fromLink) {
    store()?.setItem(KEY, fromLink);
    return fromLink;
  }
  return store()?.getItem(KEY) ?? null;
}

/** Once the invite is accepted (or cannot be), nothing needs it any more. */
export function forgetInviteToken(): void {
  store()?.removeItem(KEY);
}
