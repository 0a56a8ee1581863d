using System.CommandLine;
using LrSchedules.Specs;

namespace LrSchedules.Cli;

/// <summary><c>lrs list [TYPE]</c>: the spec types, one per line with its description; or one type's fields.</summary>
internal static class ListCommand
{
    /// <summary>How many near names an unknown type's error suggests.</summary>
    public const int Suggestions = 3;

    private static readonly string[] Header = ["field", "kind", "default", "allowed"];

    public static Command Create(TextWriter stdout)
    {
        var type = new Argument<string?>("TYPE")
        {
            Description = "A spec type (as `lrs list` prints them) whose fields to show: name, JSON kind, default and allowed values.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("list", "List the schedule types a spec can use, with a one-line description each; with TYPE, that type's fields, their defaults and ranges.")
        {
            type,
        };
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(type) is { } name)
            {
                WriteFields(stdout, name);
            }
            else
            {
                Write(stdout);
            }

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

    /// <summary>
    /// Writes <c>NAME: description</c>, a blank line, then a table of the type's fields (<see cref="ScheduleSpec.GetFields"/>):
    /// field, kind, default (<c>required</c>, or <c>optional</c> when there is none) and allowed values.
    /// </summary>
    /// <exception cref="LrsUsageException">The type is unknown; the message names the nearest type names.</exception>
    public static void WriteFields(TextWriter stdout, string name)
    {
        var info = ScheduleSpec.Types.FirstOrDefault(t => t.Name == name);
        if (info is null)
        {
            var nearest = NearestNames.Find(name, ScheduleSpec.Types.Select(t => t.Name), Suggestions);
            throw new LrsUsageException("list: unknown schedule type \"" + (name.Length <= 64 ? name : name[..64] + "...")
                + "\"; the nearest are " + string.Join(", ", nearest) + " (`lrs list` shows all).");
        }

        var rows = new List<string[]> { Header };
        rows.AddRange(ScheduleSpec.GetFields(name).Select(f => new[]
        {
            f.Name,
            f.Kind,
            f.Required ? "required" : f.DefaultValue ?? "optional",
            f.Allowed ?? string.Empty,
        }));

        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        stdout.Write(info.Name + ": " + info.Description + "\n\n");
        foreach (var row in rows)
        {
            string line = string.Concat(row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c] + 2)));
            stdout.Write(line.TrimEnd() + "\n");
        }
    }
}
