// CentralSystem: the OCPP-J client (WebSocket transport with security profiles 0-3, call
// correlation with one CALL in flight, reconnects, and the persistent retrying queue of
// transaction messages). Being built under issue "Link to the central system".
