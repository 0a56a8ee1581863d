namespace LrSchedules.Cli;

/// <summary>How <c>lrs eval</c> prints its rows.</summary>
internal enum EvalFormat
{
    /// <summary>One line per step: the groups' values comma-separated, nothing else (the default).</summary>
    Plain,

    /// <summary>A header (<c>step,lr</c>, or <c>step,lr0,lr1,...</c> for several groups; <c>momentum</c> with <c>--momentum</c>), then <c>step,value,...</c> rows.</summary>
    Csv,
}
