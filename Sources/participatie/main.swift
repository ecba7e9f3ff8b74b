import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let context = Context(environment: ProcessInfo.processInfo.environment)
context.keepStoresUntilExit = true
exit(runTool(Array(CommandLine.arguments.dropFirst()), context: context))
