namespace TaskQueue.AppHost.Hosting;

// Implemented by the generated Projects.* classes (see ProjectMetadata.targets).
public interface IProjectMetadata
{
    string ProjectPath { get; }
    string TargetPath { get; }
}
