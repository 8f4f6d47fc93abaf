using System.Data.Common;
using TaskQueue.Data.Model;

namespace TaskQueue.Data.Storage;

// Outbox rows read with plain SQL by both engines' claims, whose SELECTs name the columns in
// this order: Id, Exchange, RoutingKey, Type, Body, MessageId, TraceParent, CreatedAt (UTC ticks,
// as EF maps them on both engines).
internal static class OutboxRowReader
{
    public static async Task<List<OutboxMessage>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxMessage
            {
                Id = reader.GetInt64(0),
                Exchange = reader.GetString(1),
                RoutingKey = reader.GetString(2),
                Type = reader.GetString(3),
                Body = (byte[])reader.GetValue(4),
                MessageId = reader.GetString(5),
                TraceParent = reader.IsDBNull(6) ? null : reader.GetString(6),
                CreatedAt = new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
            });
        }

        return rows;
    }
}
