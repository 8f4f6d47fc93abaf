using System.Reflection;

namespace TaskQueue.AppHost.Extensions;

public static class BuildOutput
{
    // Aspire runs a project as `dotnet run --no-build --project …`: a second .NET process of
    // ~145 MB per replica that stays as the service's parent, and that does not pass SIGTERM on,
    // so stopping a replica orphans the service. The build output the AppHost was built with
    // (embedded by TaskQueue.AppHost.csproj) is the same program: run its executable directly.
    // Under an IDE's debug session Aspire launches projects through the IDE and this is unused.
    public static IResourceBuilder<ProjectResource> RunBuildOutput(this IResourceBuilder<ProjectResource> project)
    {
        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var dll = typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == $"BuildOutput:{projectPath}")?.Value;
        var executable = dll is null ? null : Path.ChangeExtension(dll, OperatingSystem.IsWindows() ? ".exe" : null);
        if (executable is null || !File.Exists(executable))
        {
            return project;
        }

        return project.WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = Path.GetDirectoryName(executable)! },
            ResourceAnnotationMutationBehavior.Replace);
    }
}
