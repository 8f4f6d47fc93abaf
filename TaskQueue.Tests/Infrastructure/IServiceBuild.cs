namespace TaskQueue.Tests.Infrastructure;

// Implemented by the generated ServiceBuilds.* classes (see ServiceBuilds.targets).
public interface IServiceBuild
{
    string ProjectPath { get; }
    string TargetPath { get; }
}
