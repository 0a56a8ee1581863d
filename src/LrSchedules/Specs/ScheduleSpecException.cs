namespace LrSchedules.Specs;

/// <summary>
/// A schedule spec could not be read: malformed JSON, an unknown type or field, a wrong JSON type, or a value outside its
/// allowed range. <see cref="Path"/> names the offending field (e.g. <c>$.phases[1].schedule.decay_steps</c>) and the
/// message states the allowed range.
/// </summary>
public sealed class ScheduleSpecException : FormatException
{
    /// <summary>Creates an exception for the field at <paramref name="path"/>.</summary>
    /// <param name="path">JSON path of the offending field, starting with <c>$</c>.</param>
    /// <param name="reason">What is wrong and what is allowed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ScheduleSpecException(string path, string reason, Exception? innerException = null)
        : base(path + ": " + reason, innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>Creates an exception with a message and no path.</summary>
    /// <param name="message">The message.</param>
    public ScheduleSpecException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates an exception with a message, no path, and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying exception.</param>
    public ScheduleSpecException(string message, Exception? innerException)
        : this("$", message, innerException)
    {
    }

    /// <summary>Creates an exception with no details.</summary>
    public ScheduleSpecException()
        : this("$", "invalid schedule spec.")
    {
    }

    /// <summary>JSON path of the offending field, starting with <c>$</c>.</summary>
    public string Path { get; }

    /// <summary>What is wrong and what is allowed, without the path.</summary>
    public string Reason { get; }
}
