using System.CommandLine;
using LrSchedules.Specs;

namespace LrSchedules.Cli;

/// <summary><c>lrs list</c>: the spec types, one per line with its description.</summary>
internal static class ListCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("list", "List the schedule types a spec can use, with a one-line description each.");
        command.SetAction(_ =>
        {
            Write(stdout);
            return 0;
        });
        return command;
    }

    /// <summary>Writes one line per type in <see cref="ScheduleSpec.Types"/>: the name, padding, the description.</summary>
    public static void Write(TextWriter stdout)
    {
        var types = ScheduleSpec.Types;
        int width = types.Count == 0 ? 0 : types.Max(t => t.Name.Length);
        foreach (var type in types)
        {
            stdout.Write(type.Name.PadRight(width + 2) + type.Description + "\n");
        }
    }
}
