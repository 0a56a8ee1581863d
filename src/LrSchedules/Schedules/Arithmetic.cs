namespace LrSchedules.Schedules;

/// <summary>
/// The arithmetic a closed-form schedule evaluates its formula in (<see cref="ExponentialSchedule.Arithmetic"/>,
/// <see cref="PolynomialSchedule.Arithmetic"/>; spec field <c>arithmetic</c>, <c>"float64"</c> or <c>"float32"</c>).
/// </summary>
public enum Arithmetic
{
    /// <summary>
    /// IEEE double precision (spec <c>"float64"</c>, the default): the schedule's own double-precision evaluation, which keeps
    /// every value inside its documented bounds.
    /// </summary>
    DoublePrecision = 0,

    /// <summary>
    /// IEEE single precision (spec <c>"float32"</c>), in the operation order of C# <c>float</c> code such as ML.NET's
    /// <c>LearningRateScheduler</c>: the parameters and the step are rounded to <see cref="float"/>, every <c>+ - * /</c> is
    /// rounded to <see cref="float"/>, and a power is <see cref="Math.Pow"/> of the widened operands rounded to
    /// <see cref="float"/>. Each schedule's documentation gives its exact sequence of operations. The values are those
    /// floats, widened to <see cref="double"/> (so a float span receives them unchanged); the parameters must not exceed
    /// <see cref="float.MaxValue"/>.
    /// </summary>
    SinglePrecision = 1,
}
