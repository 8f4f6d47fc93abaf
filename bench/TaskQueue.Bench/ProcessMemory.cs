namespace TaskQueue.Bench;

// Resident memory from /proc: VmRSS now, VmHWM the peak since the process started.
public static class ProcessMemory
{
    public static double CurrentMegabytes(int pid) => Read(pid, "VmRSS:");

    public static double PeakMegabytes(int pid) => Read(pid, "VmHWM:");

    // Shared pages (the runtime's files, mapped by every .NET process) divided among the
    // processes that map them: the sum over processes is what they really take together.
    public static double ProportionalMegabytes(int pid) => Read(pid, "Pss:", "smaps_rollup");

    private static double Read(int pid, string field, string file = "status")
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/{file}").FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[field.Length..].Trim().Split(' ')[0]) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
