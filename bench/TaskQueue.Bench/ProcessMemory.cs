namespace TaskQueue.Bench;

// Resident memory from /proc: VmRSS now, VmHWM the peak since the process started.
public static class ProcessMemory
{
    public static double CurrentMegabytes(int pid) => Read(pid, "VmRSS:");

    public static double PeakMegabytes(int pid) => Read(pid, "VmHWM:");

    private static double Read(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[field.Length..].Trim().Split(' ')[0]) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
