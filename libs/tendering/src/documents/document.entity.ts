import { Entity } from 'typeorm';
import { StoredFile } from './stored-file.js';

/** A file attached to a tender by its authority. */
@Entity('documents')
export class TenderDocument extends StoredFile {}
