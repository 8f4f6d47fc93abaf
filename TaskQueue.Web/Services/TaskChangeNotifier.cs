namespace TaskQueue.Web.Services;

// In-process fan-out of "these tasks changed" to every live circuit. Fed by the sink's
// announcements and by this app's own writes; components re-read the database.
public sealed class TaskChangeNotifier
{
    public event Action<IReadOnlyCollection<Guid>>? Changed;

    public void Notify(IReadOnlyCollection<Guid> taskIds)
    {
        if (taskIds.Count > 0)
        {
            Changed?.Invoke(taskIds);
        }
    }
}
