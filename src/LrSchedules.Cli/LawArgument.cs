using LrSchedules.Analytics;

namespace LrSchedules.Cli;

/// <summary>Reads the loss law of a <c>--law</c> value (JSON text, <c>@file</c> or <c>@-</c>) with errors naming the option and the field.</summary>
internal static class LawArgument
{
    /// <summary>The largest <c>--law @file</c> accepted, in bytes.</summary>
    public const long MaxFileBytes = 1L << 20;

    /// <summary>Parses the law given by <paramref name="argument"/> (<see cref="LossLaw.Parse"/>: the law's fields, and an optional <c>"fit"</c>).</summary>
    /// <exception cref="LrsUsageException">The law cannot be read or is invalid; the message names the field.</exception>
    public static LossLaw Read(InputText input, string argument)
    {
        string json = input.Resolve("--law", argument, MaxFileBytes);
        try
        {
            return LossLaw.Parse(json);
        }
        catch (FormatException ex)
        {
            throw new LrsUsageException((argument.StartsWith('@') ? "--law " + argument : "--law") + ": " + ex.Message, ex);
        }
    }
}
