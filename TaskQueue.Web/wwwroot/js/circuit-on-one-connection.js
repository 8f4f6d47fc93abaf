// Loaded instead of Blazor's autostart when several web replicas sit behind one proxy (App.razor).
// The proxy hands each new TCP connection to the next replica. SignalR normally negotiates
// over one request and then opens the WebSocket on another connection, which may reach a
// replica that never saw the negotiation. Skipping negotiation makes the circuit one WebSocket:
// one connection, so one replica, for the circuit's whole life.
Blazor.start({
    circuit: {
        configureSignalR: builder => builder.withUrl('_blazor', { skipNegotiation: true, transport: 1 /* WebSockets */ }),
    },
});
