#!/usr/bin/env node
// The `rf` command for support and shipping: runs client/cli.ts through tsx.
'use strict';
require('tsx/cjs');
require('../client/cli.ts');
