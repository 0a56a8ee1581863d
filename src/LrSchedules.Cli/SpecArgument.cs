using LrSchedules.Specs;

namespace LrSchedules.Cli;

/// <summary>Reads the schedule of a <c>--spec</c> value (JSON text, <c>@file</c> or <c>@-</c>) with errors naming the option.</summary>
internal static class SpecArgument
{
    /// <summary>The largest <c>--spec @file</c> accepted, in bytes (UTF-8 of <see cref="ScheduleSpec.MaxLength"/> characters).</summary>
    public const long MaxFileBytes = (3L * ScheduleSpec.MaxLength) + 3;

    /// <summary>Parses the spec given by <paramref name="argument"/>.</summary>
    /// <param name="input">Resolves <c>@file</c> and <c>@-</c>.</param>
    /// <param name="option">How to name the option in errors, e.g. <c>--spec</c> or <c>--spec #2</c>.</param>
    /// <param name="argument">The option's value.</param>
    /// <param name="metrics">The metric history given by <c>--metrics</c>, or null.</param>
    /// <exception cref="LrsUsageException">The spec cannot be read or is invalid; the message names the JSON path.</exception>
    public static ILearningRateSchedule Read(InputText input, string option, string argument, IReadOnlyList<double>? metrics)
    {
        string json = input.Resolve(option, argument, MaxFileBytes);
        try
        {
            return ScheduleSpec.Parse(json, metrics);
        }
        catch (ScheduleSpecException ex)
        {
            string where = argument.StartsWith('@') ? option + " " + argument : option;
            throw new LrsUsageException(where + ": " + ex.Message, ex);
        }
    }
}
