using TaskQueue.Data;
using TaskQueue.Messaging;

namespace TaskQueue.Web.Replicas;

internal static class ReplicaExtensions
{
    // What lets several copies of the web app serve one site: they share Data Protection keys
    // (in the tasks database), know how many they are, and tell each other of their own writes.
    public static void AddWebReplicas(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(WebReplicas.Read(builder.Configuration));
        builder.Services.AddSharedDataProtection();
        builder.Services.AddSingleton<TaskChangeAnnouncer>();
        builder.Services.AddTaskChangeBroadcaster();
    }
}
