/**
 * The per-binding SSH key agent of nova-server. Nova injects a key only at boot, so each binding's
 * public key is published as an object `<40 hex>.pub` in a Swift container the instance owns
 * (public read: public keys are not secret; only the broker's project can write), and a cron job on
 * the server rebuilds `authorized_keys` every minute: the boot keys plus every published key. Unbind
 * deletes the object, so the key stops working within a minute.
 *
 * The texts below are literals in cdk.tf.json: they MUST NOT contain `${` or `%{` (terraform would
 * evaluate them); `assertNoInterpolation` checks it at synthesis.
 */

/** The agent, installed as /usr/local/sbin/osb-sync-keys. Reads /etc/osb-sync-keys.conf (URL, USER_NAME, optional HOME_DIR), or the file given as $1. */
export const SYNC_KEYS_SCRIPT = `#!/bin/sh
# osb-sync-keys: authorized_keys = the keys present at first run + one key per broker binding.
set -eu
CONF=/etc/osb-sync-keys.conf
if [ $# -ge 1 ]; then CONF=$1; fi
URL=""
USER_NAME=""
HOME_DIR=""
. "$CONF"
[ -n "$URL" ] || exit 0
if [ -z "$HOME_DIR" ]; then HOME_DIR=$(getent passwd "$USER_NAME" | cut -d: -f6); fi
[ -n "$HOME_DIR" ] || exit 0
SSH_DIR="$HOME_DIR/.ssh"
mkdir -p "$SSH_DIR"
[ -f "$SSH_DIR/authorized_keys.boot" ] || cp "$SSH_DIR/authorized_keys" "$SSH_DIR/authorized_keys.boot" 2>/dev/null || : > "$SSH_DIR/authorized_keys.boot"
TMP=$(mktemp)
trap 'rm -f "$TMP"' EXIT
cat "$SSH_DIR/authorized_keys.boot" > "$TMP"
# Swift unreachable: keep the current keys rather than lock everyone out.
NAMES=$(curl -fsS --max-time 20 "$URL") || exit 0
for NAME in $(printf '%s\\n' "$NAMES" | grep -E '^[0-9a-f]{40}\\.pub$' || true); do
  KEY=$(curl -fsS --max-time 20 "$URL/$NAME") || exit 0
  printf '%s\\n' "$KEY" | head -n 1 | grep -E '^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( [^ ]*)?$' >> "$TMP" || true
done
chmod 600 "$TMP"
OWNER=$(stat -c %u:%g "$HOME_DIR")
chown "$OWNER" "$TMP" 2>/dev/null || true
mv "$TMP" "$SSH_DIR/authorized_keys"
trap - EXIT
`;

/**
 * The first-boot script that installs the agent; `@@URL@@` and `@@USER@@` are replaced by terraform
 * (the keys container's URL, the validated `ssh_user`).
 */
export const INSTALL_SCRIPT = `#!/bin/sh
# Installed by the Open Service Broker: per-binding SSH keys (see osb-sync-keys).
set -eu
cat > /usr/local/sbin/osb-sync-keys <<'OSB_EOF'
${SYNC_KEYS_SCRIPT}OSB_EOF
chmod 755 /usr/local/sbin/osb-sync-keys
printf "URL='%s'\\nUSER_NAME='%s'\\n" '@@URL@@' '@@USER@@' > /etc/osb-sync-keys.conf
echo '* * * * * root /usr/local/sbin/osb-sync-keys' > /etc/cron.d/osb-sync-keys
/usr/local/sbin/osb-sync-keys || true
`;

/** MIME multipart user data: the install script, then the request's own user data (`@@USER_DATA@@`). */
export const MULTIPART_USER_DATA = `Content-Type: multipart/mixed; boundary="osb-user-data-boundary"
MIME-Version: 1.0

--osb-user-data-boundary
Content-Type: text/x-shellscript; charset="utf-8"

@@INSTALL@@
--osb-user-data-boundary
Content-Type: @@USER_DATA_TYPE@@; charset="utf-8"

@@USER_DATA@@
--osb-user-data-boundary--
`;

/** Throws when a literal would be evaluated by terraform. */
export function assertNoInterpolation(name: string, text: string): void {
  if (/[$%]\{/.test(text)) throw new Error(`${name} contains "\${" or "%{", which terraform would evaluate`);
}
