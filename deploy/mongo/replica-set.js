// Health check of the one-member replica set `rs0` (docker-compose.yml).
// The first run initiates the set; the check passes once this member is the
// writable primary, so services start only when transactions work.
try {
  rs.status();
} catch (error) {
  if (error.codeName !== "NotYetInitialized") throw error;
  rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "mongo:27017" }] });
}
if (!db.hello().isWritablePrimary) quit(1);
