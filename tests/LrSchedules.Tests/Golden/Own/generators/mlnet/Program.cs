// Generates Golden/Own/mlnet.json by RUNNING ML.NET's own LearningRateScheduler.cs (compiled with this file).
// See README.md next to this file for how to build and run it.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Trainers;

internal static class Program
{
    private const string Call = "LearningRateScheduler.cs compiled and run (float32): per epoch e: CurrentEpoch = e, CurrentBatchIndex = 0; "
        + "lrs[k] = (double)GetLearningRate(state) before batch k, then CurrentBatchIndex += 1";

    private static int Main(string[] args)
    {
        var cases = new JsonArray();

        // ExponentialLRDecay(learningRate = 0.01f, numEpochsPerDecay = 2.0f, decayRate = 0.94f, staircase = true)
        Exponential(cases, "own-mlnet-exponential-defaults", null, null, null, null, 10, 30, 400);
        Exponential(cases, "own-mlnet-exponential-continuous", 0.1f, 0.5f, 0.5f, false, 32, 40, 300);
        Exponential(cases, "own-mlnet-exponential-fractional-epochs", 0.05f, 1.3f, 0.8f, true, 7, 11, 300);
        Exponential(cases, "own-mlnet-exponential-continuous-slow", 0.3f, 0.7f, 0.97f, false, 3, 10, 300);
        Exponential(cases, "own-mlnet-exponential-one-step-decay", 0.02f, 0.01f, 0.9f, false, 5, 100, 200);

        // PolynomialLRDecay(learningRate = 0.01f, numEpochsPerDecay = 2.0f, endLearningRate = 0.0001f, power = 1.0f, cycle = false)
        Polynomial(cases, "own-mlnet-polynomial-defaults", null, null, null, null, null, 10, 50, 250);
        Polynomial(cases, "own-mlnet-polynomial-power2-cycle", 0.05f, 1.5f, 0.001f, 2.0f, true, 16, 20, 200);
        Polynomial(cases, "own-mlnet-polynomial-sqrt-to-zero", 0.2f, 3.0f, 0.0f, 0.5f, false, 4, 25, 150);
        Polynomial(cases, "own-mlnet-polynomial-rising-cycle", 0.001f, 0.7f, 0.01f, 1.7f, true, 9, 13, 120);
        Polynomial(cases, "own-mlnet-polynomial-power3-past-end", 0.1f, 1.0f, 0.003f, 3.0f, false, 2, 60, 200);

        // LsrDecay(baseLearningRate = 0.1f), LsrDecay(lrschedule, baseLearningRate = 0.1f)
        Lsr(cases, "own-mlnet-lsr-defaults", null, null, 64, 2, 400);
        Lsr(cases, "own-mlnet-lsr-custom", new[] { (20, 0.05f), (10, 0.5f), (0, 1.0f) }, 0.4f, 200, 10, 300);
        Lsr(cases, "own-mlnet-lsr-first-match-wins", new[] { (0, 1.0f), (5, 0.1f) }, 0.3f, 100, 4, 60);
        Lsr(cases, "own-mlnet-lsr-no-epoch-zero", new[] { (8, 0.2f), (3, 0.6f) }, 0.05f, 48, 5, 60);

        var doc = new JsonObject
        {
            ["source"] = "dotnet/machinelearning@cd2fbd617c13bcb98ec8b6554bfa20ac603e4572 src/Microsoft.ML.StandardTrainers/Optimizer/LearningRateScheduler.cs, "
                + "RUN (every case): compiled unchanged with the dotnet SDK (a stub for the BestFriend attribute only) and run in float32 as ML.NET runs it; "
                + "generator: Golden/Own/generators/mlnet/",
            ["format"] = "lrs[0][k] = learning rate in effect for optimizer step k (0-based)",
            ["cases"] = cases,
        };
        string json = doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (args.Length > 0)
        {
            File.WriteAllText(args[0], json + "\n");
        }
        else
        {
            Console.WriteLine(json);
        }

        return 0;
    }

    private static void Exponential(JsonArray cases, string name, float? lr, float? epochs, float? rate, bool? staircase, int batchSize, int batchesPerEpoch, int steps)
    {
        var s = new ExponentialLRDecay(lr ?? 0.01f, epochs ?? 2.0f, rate ?? 0.94f, staircase ?? true);
        var a = new JsonObject();
        Add(a, "learningRate", lr);
        Add(a, "numEpochsPerDecay", epochs);
        Add(a, "decayRate", rate);
        if (staircase is bool b)
        {
            a["staircase"] = b;
        }

        cases.Add(Case(name, "mlnet.ExponentialLRDecay", a, batchSize, batchesPerEpoch, steps, s));
    }

    private static void Polynomial(JsonArray cases, string name, float? lr, float? epochs, float? end, float? power, bool? cycle, int batchSize, int batchesPerEpoch, int steps)
    {
        var s = new PolynomialLRDecay(lr ?? 0.01f, epochs ?? 2.0f, end ?? 0.0001f, power ?? 1.0f, cycle ?? false);
        var a = new JsonObject();
        Add(a, "learningRate", lr);
        Add(a, "numEpochsPerDecay", epochs);
        Add(a, "endLearningRate", end);
        Add(a, "power", power);
        if (cycle is bool c)
        {
            a["cycle"] = c;
        }

        cases.Add(Case(name, "mlnet.PolynomialLRDecay", a, batchSize, batchesPerEpoch, steps, s));
    }

    private static void Lsr(JsonArray cases, string name, (int Epoch, float Factor)[] schedule, float? baseLr, int batchSize, int batchesPerEpoch, int steps)
    {
        var a = new JsonObject();
        LsrDecay s;
        if (schedule is null)
        {
            s = new LsrDecay(baseLr ?? 0.1f);
        }
        else
        {
            var items = new List<LsrDecay.LearningRateSchedulerItem>();
            var list = new JsonArray();
            foreach (var (epoch, factor) in schedule)
            {
                items.Add(new LsrDecay.LearningRateSchedulerItem(epoch, factor));
                list.Add(new JsonObject { ["epoch"] = epoch, ["scalingfactor"] = (double)(decimal)factor });
            }

            a["lrschedule"] = list;
            s = new LsrDecay(items.AsReadOnly(), baseLr ?? 0.1f);
        }

        Add(a, "baseLearningRate", baseLr);
        cases.Add(Case(name, "mlnet.LsrDecay", a, batchSize, batchesPerEpoch, steps, s));
    }

    /// <summary>A float argument as the decimal literal it was written as (0.94f as 0.94), which the spec rounds to float again.</summary>
    private static void Add(JsonObject a, string name, float? value)
    {
        if (value is float f)
        {
            a[name] = (double)(decimal)f;
        }
    }

    private static JsonObject Case(string name, string type, JsonObject args, int batchSize, int batchesPerEpoch, int steps, LearningRateScheduler scheduler)
    {
        args["BatchSize"] = batchSize;
        args["BatchesPerEpoch"] = batchesPerEpoch;
        var state = new DnnTrainState { BatchSize = batchSize, BatchesPerEpoch = batchesPerEpoch };
        var lrs = new JsonArray();
        int k = 0;
        for (int epoch = 0; k < steps; epoch++)
        {
            state.CurrentEpoch = epoch;
            state.CurrentBatchIndex = 0;
            for (int batch = 0; batch < batchesPerEpoch && k < steps; batch++, k++)
            {
                lrs.Add((double)scheduler.GetLearningRate(state));
                state.CurrentBatchIndex += 1;
            }
        }

        return new JsonObject
        {
            ["name"] = name,
            ["spec"] = new JsonObject { ["type"] = type, ["args"] = args },
            ["steps"] = steps,
            ["transcribed"] = false,
            ["call"] = Call,
            ["lrs"] = new JsonArray(lrs),
        };
    }
}
