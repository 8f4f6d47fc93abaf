using System.Security.Cryptography;
using System.Text;

namespace TaskQueue.AppHost.Extensions;

// A local node (RabbitMQ, PostgreSQL) takes its password once, when its data is first created;
// a different one given later would leave it refusing every service, with no hint why. A hash
// of the first password is kept beside the node's data, and a mismatch stops the AppHost with
// one line saying what to do.
public static class InitialSecret
{
    public static void EnsureUnchanged(string nodeDir, bool nodeCreated, string parameterName, string value, string dataDirDescription)
    {
        var record = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(nodeDir))!, $".{Path.GetFileName(nodeDir)}-{parameterName}.sha256");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        // A node not created yet (or deleted to start afresh) takes whatever is given now.
        if (!nodeCreated || !File.Exists(record))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(record)!);
            OwnerOnlyFile.Write(record, hash);
            return;
        }

        if (!string.Equals(File.ReadAllText(record).Trim(), hash, StringComparison.OrdinalIgnoreCase))
        {
            StartupError.Exit<object>(
                $"--{parameterName} differs from the one {dataDirDescription} was created with; give that one (it is in parameters.json unless you chose it), " +
                $"or delete {nodeDir} to start that node afresh.");
        }
    }
}
