using System.Diagnostics.CodeAnalysis;
using LrSchedules.Internal;

namespace LrSchedules.Specs;

/// <summary>
/// Describes a spec type's fields by running its reader, the same table entry <see cref="ScheduleSpec.Parse(string)"/>
/// uses, on a describing <see cref="SpecObject"/>: every accessor the reader calls records the field (name, JSON kind,
/// default, range given to the accessor) and returns its default or a placeholder, and the constructors' range checks
/// (<see cref="Guard.Recording"/>) add the ranges they enforce to the field they are reported under. There is no second,
/// hand-written list of fields to keep in step with the parser.
/// </summary>
/// <remarks>
/// Fields come in the order the reader reads them. Placeholders are valid-looking values (1 for numbers, increasing
/// multiples of 100 for integers, inside any range the reader gives); a reader that rejects them part-way (a cross-field
/// rule) stops the description there, with the fields read so far.
/// </remarks>
internal sealed class SpecDescription
{
    private readonly List<Entry> _fields = [];
    private int _integers;

    /// <summary>The fields of <paramref name="type"/>.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A reader run on placeholder values may fail in any way once it has read its fields; what it read is the description.")]
    public static IReadOnlyList<ScheduleFieldInfo> Describe(SpecType type)
    {
        var description = new SpecDescription();
        var saved = Guard.Recording;
        Guard.Recording = [];
        try
        {
            type.Read(SpecObject.ForDescription(description));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Expected for readers with cross-field rules: the fields read before the failure are recorded.
        }
        finally
        {
            Guard.Recording = saved;
        }

        return [.. description._fields
            .Where(f => f.Path != "$.type")
            .Select(f => new ScheduleFieldInfo(f.Path[2..], f.Kind, f.Required, f.DefaultValue, f.Allowed))];
    }

    /// <summary>A placeholder for a required integer: 100, 200, ..., clamped into <c>[min, max]</c>.</summary>
    public long IntegerPlaceholder(long min = long.MinValue, long max = long.MaxValue)
        => Math.Clamp(100L * ++_integers, min, max);

    /// <summary>Records a field read at <paramref name="path"/>, or adds what a later read tells about it.</summary>
    public void Record(string path, string kind, bool required, string? defaultValue = null, string? allowed = null)
    {
        var entry = _fields.Find(f => f.Path == path);
        if (entry is null)
        {
            _fields.Add(new Entry(path, kind, required, defaultValue, allowed));
            return;
        }

        if (entry.Kind == "value")
        {
            entry.Kind = kind;
        }

        entry.Required |= required;
        entry.DefaultValue ??= defaultValue;
        entry.Allowed ??= allowed;
    }

    /// <summary>Marks the object at <paramref name="path"/> as a schedule spec (a list's element marks the list).</summary>
    public void MarkSchedule(string path)
    {
        if (path.EndsWith("[]", StringComparison.Ordinal))
        {
            var list = _fields.Find(f => f.Path == path[..^2]);
            if (list is not null)
            {
                list.Kind = "list of schedule specs";
            }

            return;
        }

        Record(path, "schedule spec", required: false);
        _fields.Find(f => f.Path == path)!.Kind = "schedule spec";
    }

    /// <summary>Forgets the ranges the constructors recorded so far (called before running one).</summary>
    public static void ClearRanges() => Guard.Recording?.Clear();

    /// <summary>
    /// Gives the ranges the constructor just run recorded to the fields they are reported under: <paramref name="fieldPath"/>
    /// maps a constructor parameter to a field's path, as the reader maps argument errors. A field keeps the first range it gets.
    /// </summary>
    public void AttachRanges(Func<string, string> fieldPath)
    {
        if (Guard.Recording is not { } recorded)
        {
            return;
        }

        foreach (var (parameter, allowed) in recorded)
        {
            string path = fieldPath(parameter);
            var entry = _fields.Find(f => f.Path == path);
            if (entry is not null)
            {
                entry.Allowed ??= allowed;
            }
        }

        recorded.Clear();
    }

    private sealed class Entry(string path, string kind, bool required, string? defaultValue, string? allowed)
    {
        public string Path { get; } = path;

        public string Kind { get; set; } = kind;

        public bool Required { get; set; } = required;

        public string? DefaultValue { get; set; } = defaultValue;

        public string? Allowed { get; set; } = allowed;
    }
}
