using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Diagnostics.CodeAnalysis;

namespace LrSchedules.Cli;

/// <summary>
/// The <c>lrs</c> command line, runnable in-process: <c>lrs eval</c> prints a schedule's learning rates,
/// <c>lrs plot</c> draws schedules into a PNG or SVG file, and <c>lrs list</c> lists the spec types (or one type's fields).
/// </summary>
/// <remarks>
/// Exit codes: 0 on success (including <c>--help</c> and <c>--version</c>); 2 on bad input of any kind (malformed or
/// invalid spec, bad option value, unreadable or oversized <c>@file</c> or <c>@-</c>, unknown or missing option, no
/// command), with exactly one line <c>lrs: error: ...</c> on stderr naming the field or option and what is allowed; 1 on
/// an internal failure, including any failure to write the output (a closed pipe: <c>lrs eval ... | head -1</c> ends as
/// soon as <c>head</c> exits, with the line <c>lrs: error: cannot write output: Broken pipe</c>; a full disk:
/// <c>cannot write output: No space left on device</c>), also as one line. The error line is the only thing written to
/// stderr; control characters, format characters and line or paragraph separators in it are escaped (<c>\u001b</c>,
/// <c>\n</c>). A stderr that fails loses the line, never the exit code. Output is culture-invariant and every line ends
/// in <c>"\n"</c>.
/// </remarks>
public static class LrsApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for an internal failure, including a failure to write the output.</summary>
    public const int InternalError = 1;

    /// <summary>Exit code for bad input.</summary>
    public const int UsageError = 2;

    /// <summary>Runs <c>lrs</c> with <paramref name="args"/> and an empty standard input.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Receives the output; flushed before returning.</param>
    /// <param name="stderr">Receives at most one error line.</param>
    /// <returns>The exit code: <see cref="Success"/>, <see cref="UsageError"/> or <see cref="InternalError"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Stream.Null, stdout, stderr);

    /// <summary>Runs <c>lrs</c> with <paramref name="args"/>.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdin">Standard input, read (at most once, up to the option's size cap) by an option given as <c>@-</c>.</param>
    /// <param name="stdout">Receives the output; flushed before returning.</param>
    /// <param name="stderr">Receives at most one error line.</param>
    /// <returns>The exit code: <see cref="Success"/>, <see cref="UsageError"/> or <see cref="InternalError"/>.</returns>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Top-level boundary: every failure becomes one error line and an exit code, never a stack trace.")]
    public static int Run(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        int exitCode;
        var output = new OutputWriter(stdout);
        try
        {
            exitCode = Execute(args, new InputText(stdin), output, stderr);
            output.Flush();
        }
        catch (LrsUsageException ex)
        {
            return Fail(stderr, UsageError, ex.Message);
        }
        catch (LrsOutputException ex)
        {
            return Fail(stderr, InternalError, "cannot write output: " + ex.Message);
        }
        catch (Exception ex)
        {
            return Fail(stderr, InternalError, "internal error: " + ex.GetType().Name + ": " + ex.Message);
        }

        return exitCode;
    }

    private static int Execute(string[] args, InputText input, TextWriter stdout, TextWriter stderr)
    {
        var help = new HelpOption();
        var version = new VersionOption();
        var root = new Command("lrs", "Evaluate, plot and list learning-rate schedules given as JSON specs.")
        {
            EvalCommand.Create(stdout, input),
            PlotCommand.Create(input),
            ListCommand.Create(stdout),
            AnalyzeCommand.Create(stdout, input),
            FitCommand.Create(stdout, input),
            PredictCommand.Create(stdout, input),
            OptimizeCommand.Create(stdout, input),
        };
        root.Options.Add(help);
        root.Options.Add(version);

        // No response files: `@path` and `@-` are this tool's own syntax for --spec and --metrics.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };

        // --help and --version behave as usual (they clear parse errors of other symbols).
        if (parseResult.Action is CommandLineAction { ClearsParseErrors: true } action
            && (ReferenceEquals(action, help.Action) || ReferenceEquals(action, version.Action)))
        {
            int code = parseResult.Invoke(invocation);
            if (parseResult.Errors.Count == 0 || code == 0)
            {
                return code;
            }
        }

        if (parseResult.CommandResult.Command == root)
        {
            throw new LrsUsageException(
                (parseResult.UnmatchedTokens.Count == 0 ? "no command given"
                    : (parseResult.UnmatchedTokens[0].StartsWith('-') ? "unknown option '" : "unknown command '") + parseResult.UnmatchedTokens[0] + "'")
                + "; the commands are `lrs eval`, `lrs plot`, `lrs list`, `lrs analyze`, `lrs fit`, `lrs predict` and `lrs optimize` (`lrs --help` shows the options).");
        }

        if (parseResult.Errors.Count > 0)
        {
            throw new LrsUsageException(
                string.Join("; ", parseResult.Errors.Select(e => e.Message.TrimEnd('.')))
                + "; `lrs " + parseResult.CommandResult.Command.Name + " --help` lists the options.");
        }

        return parseResult.Invoke(invocation);
    }

    /// <summary>
    /// Writes the one error line, escaped (<see cref="ErrorLine"/>): the only place <c>lrs</c> writes to stderr. A stderr
    /// that fails (closed, read-only, a full disk) cannot change the exit code.
    /// </summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Nowhere is left to report a failing stderr; the exit code must still be returned.")]
    private static int Fail(TextWriter stderr, int exitCode, string message)
    {
        try
        {
            stderr.Write(ErrorLine.Format(message));
            stderr.Flush();
        }
        catch (Exception)
        {
            // Nowhere left to report; the exit code still tells.
        }

        return exitCode;
    }
}
