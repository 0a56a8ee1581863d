namespace LrSchedules.Specs.Compat;

/// <summary>Carries a constructor's argument error, with the path of the argument, out of a replayed construction.</summary>
internal sealed class ScheduleSpecExceptionCarrier : ArgumentException
{
    public ScheduleSpecExceptionCarrier(string path, ArgumentException inner)
        : base(path, inner)
    {
    }

    public ScheduleSpecExceptionCarrier()
    {
    }

    public ScheduleSpecExceptionCarrier(string message)
        : base(message)
    {
    }

    public ScheduleSpecExceptionCarrier(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
