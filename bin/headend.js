#!/usr/bin/env node
// The start as an ES module, for callers that name this file: the launcher itself is CommonJS
// (./headend.cjs says why), and importing it runs it.
import './headend.cjs';
